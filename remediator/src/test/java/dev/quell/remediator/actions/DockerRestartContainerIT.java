package dev.quell.remediator.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.quell.remediator.targets.DockerTarget;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code docker.restart-container} against a real Docker engine (see {@link TestDockerEngine}). */
class DockerRestartContainerIT {

    private static DockerClient docker;
    private static DockerTarget target;
    private final DockerRestartContainer action = new DockerRestartContainer();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void engine() throws Exception {
        docker = TestDockerEngine.client();
        TestDockerEngine.ensureImage(docker);
        target = new DockerTarget("local", TestDockerEngine.HOST,
                Map.of("com.docker.compose.project", Set.of("dpa")), docker);
    }

    @AfterAll
    static void cleanUp() {
        TestDockerEngine.removeTestContainers(docker);
    }

    @Test
    void shouldRestartTheAllowlistedComposeServiceAndVerifyItRunsAgain() throws Exception {
        String service = "api-" + run;
        String id = TestDockerEngine.composeContainer(docker, "dpa", service, null);
        String before = TestDockerEngine.startedAt(docker, id);
        ActionParams params = params(Map.of("service", service, "project", "dpa"));

        ActionResult result = action.run(target, params);

        assertThat(TestDockerEngine.startedAt(docker, id)).isNotEqualTo(before);
        assertThat(result.outcome()).isEqualTo("restarted dpa-" + service + "-1 of dpa/" + service + " on docker/local");
        await().atMost(Duration.ofSeconds(20)).until(() -> action.verified(target, params, result));
        assertThat(action.subject(target, params)).isEqualTo("docker/local/dpa/" + service);
    }

    @Test
    void shouldRefuseAContainerOutsideTheLabelAllowlist() {
        String service = "db-" + run;
        String id = TestDockerEngine.composeContainer(docker, "billing", service, null);
        String before = TestDockerEngine.startedAt(docker, id);

        assertThatThrownBy(() -> action.run(target, params(Map.of("service", service))))
                .isInstanceOf(ActionRefusedException.class)
                .hasMessage("the containers of " + service + " (billing-" + service + "-1) are outside the label allowlist"
                        + " of docker/local: [com.docker.compose.project=dpa]");
        assertThat(TestDockerEngine.startedAt(docker, id)).isEqualTo(before);
    }

    @Test
    void shouldFailWithTheReasonForAStoppedOrMissingContainer() {
        String service = "worker-" + run;
        String id = TestDockerEngine.composeContainer(docker, "dpa", service, null);
        docker.stopContainerCmd(id).withTimeout(5).exec();

        assertThatThrownBy(() -> action.run(target, params(Map.of("service", service))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("container dpa-" + service + "-1 is exited, not running: Quell restarts running containers only");
        assertThat(docker.inspectContainerCmd(id).exec().getState().getRunning()).isFalse();
        assertThatThrownBy(() -> action.run(target, params(Map.of("service", "ghost-" + run))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no container of Compose service ghost-" + run + " on docker/local");
    }

    @Test
    void shouldWaitForAHealthcheckToReportHealthy() throws Exception {
        String service = "web-" + run;
        String id = TestDockerEngine.composeContainer(docker, "dpa", service, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> "healthy".equals(health(id)));
        ActionParams params = params(Map.of("service", service));

        ActionResult result = action.run(target, params);

        assertThat(action.verified(target, params, result)).as("healthy only 3 s after the restart").isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> action.verified(target, params, result));
        assertThat(health(id)).isEqualTo("healthy");
    }

    private static String health(String id) {
        var health = docker.inspectContainerCmd(id).exec().getState().getHealth();
        return health == null ? null : health.getStatus();
    }

    private static ActionParams params(Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(values);
        all.put("stopTimeout", "2s");
        return ActionParams.of(all);
    }
}
