package dev.quell.remediator.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quell.service.config.ConfigException;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import io.micronaut.core.value.PropertyResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Targets come only from configuration, and a bad target stops start-up naming its key. */
class TargetsTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadKubernetesAndDockerTargets() throws Exception {
        Path kubeconfig = kubeconfig();
        try (Targets targets = Targets.from(config(Map.of(
                "quell.targets.kubernetes.prod.kubeconfig", kubeconfig.toString(),
                "quell.targets.kubernetes.prod.context", "prod",
                "quell.targets.kubernetes.prod.namespaces", "one-data-system, short-drama-prod",
                "quell.targets.docker.gpu-box.host", "tcp://127.0.0.1:2375",
                "quell.targets.docker.gpu-box.allowed-labels",
                "com.docker.compose.project=dpa,com.docker.compose.project=cot")))) {

            assertThat(targets.ids()).containsExactly("docker/gpu-box", "kubernetes/prod");
            KubernetesTarget prod = (KubernetesTarget) targets.find("kubernetes/prod").orElseThrow();
            assertThat(prod.namespaces()).containsExactly("one-data-system", "short-drama-prod");
            assertThat(prod.client().getConfiguration().getMasterUrl()).isEqualTo("https://127.0.0.1:6443/");
            assertThat(prod.toString()).doesNotContain("s3cret-token");
            DockerTarget docker = (DockerTarget) targets.find("docker/gpu-box").orElseThrow();
            assertThat(docker.allowedLabels()).isEqualTo(Map.of("com.docker.compose.project", Set.of("cot", "dpa")));
            assertThat(targets.owning("docker/gpu-box/dpa/dpa-api")).containsSame(docker);
            assertThat(targets.owning("docker/other/dpa/dpa-api")).isEmpty();
        }
    }

    @Test
    void shouldAllowAContainerOnlyWhenEveryAllowlistedKeyMatches() {
        DockerTarget docker = new DockerTarget("local", "unix:///var/run/docker.sock", Map.of(
                "com.docker.compose.project", Set.of("dpa", "cot"), "tier", Set.of("api")), null);

        assertThat(docker.allows(Map.of("com.docker.compose.project", "cot", "tier", "api"))).isTrue();
        assertThat(docker.allows(Map.of("com.docker.compose.project", "cot"))).isFalse();
        assertThat(docker.allows(Map.of("com.docker.compose.project", "billing", "tier", "api"))).isFalse();
        assertThat(docker.allows(null)).isFalse();
    }

    @Test
    void shouldNameTheKeyOfABadTarget() {
        assertProblem(Map.of("quell.targets.kubernetes.prod.context", "prod"),
                "quell.targets.kubernetes.prod.namespaces");
        assertProblem(Map.of("quell.targets.kubernetes.prod.namespaces", "shop",
                "quell.targets.kubernetes.prod.kubeconfig", dir.resolve("missing").toString()),
                "quell.targets.kubernetes.prod.kubeconfig");
        assertProblem(Map.of("quell.targets.docker.local.host", "unix:///var/run/docker.sock"),
                "quell.targets.docker.local.allowed-labels");
        assertProblem(Map.of("quell.targets.docker.local.allowed-labels", "com.docker.compose.project"),
                "quell.targets.docker.local.allowed-labels");
        assertProblem(Map.of("quell.targets.docker.local.allowed-labels", "a=b",
                "quell.targets.docker.local.host", "http://127.0.0.1:2375"), "quell.targets.docker.local.host");
    }

    private void assertProblem(Map<String, Object> properties, String key) {
        assertThatThrownBy(() -> Targets.from(config(properties))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }

    private static PropertyResolver config(Map<String, Object> properties) {
        return new PropertySourcePropertyResolver(PropertySource.of("test", new HashMap<>(properties)));
    }

    private Path kubeconfig() throws Exception {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: prod, cluster: {server: "https://127.0.0.1:6443"}}]
                users: [{name: quell, user: {token: s3cret-token}}]
                contexts: [{name: prod, context: {cluster: prod, user: quell, namespace: one-data-system}}]
                current-context: prod
                """);
    }
}
