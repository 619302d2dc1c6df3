package dev.quell.remediator.playbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quell.remediator.app.Actions;
import dev.quell.remediator.targets.DockerTarget;
import dev.quell.remediator.targets.KubernetesTarget;
import dev.quell.remediator.targets.PostgresTarget;
import dev.quell.remediator.targets.RedisTarget;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.events.Severity;
import dev.quell.service.config.Credential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookLoaderTest {

    private static final Targets TARGETS = new Targets(Map.of(
            "postgres/main", new PostgresTarget("main", "jdbc:postgresql://127.0.0.1:5432/test", "quell",
                    Credential.of("x"), List.of()),
            "redis/main", new RedisTarget("main", "127.0.0.1", 6379, 0, Optional.empty(), List.of("session:*")),
            "kubernetes/main", new KubernetesTarget("main", List.of("one-data-system"), null),
            "docker/main", new DockerTarget("main", "unix:///var/run/docker.sock",
                    Map.of("com.docker.compose.project", Set.of("dpa")), null)));
    private final PlaybookLoader loader = new PlaybookLoader(Actions.builtIn().all(), TARGETS);

    @TempDir
    Path dir;

    @Test
    void shouldLoadTheShippedPlaybooksForTheSeedsRunbookFixes() {
        List<Playbook> playbooks = loader.loadDefaults();

        assertThat(playbooks).extracting(Playbook::action)
                .containsExactly("postgres.kill-idle-connections", "redis.evict-lru", "k8s.restart-pod",
                        "k8s.rollout-restart", "docker.restart-container");
        Playbook pool = playbooks.get(0);
        assertThat(pool.match().alertnames()).contains("DatabasePoolExhausted");
        assertThat(pool.match().signatures()).contains("too-many-connections");
        assertThat(pool.match().minSeverity()).isEqualTo(Severity.P2);
        assertThat(pool.params().values()).containsEntry("idleFor", "5m");
        assertThat(playbooks.get(1).params().values()).containsEntry("pattern", "session:*");
        assertThat(playbooks.get(3).params().values()).containsEntry("workload", "deployment/{{labels.job}}");
    }

    @Test
    void shouldLeaveOffADefaultPlaybookWhoseTargetIsNotConfigured() {
        PlaybookLoader withoutRedis = new PlaybookLoader(Actions.builtIn().all(), new Targets(Map.of()));

        assertThat(withoutRedis.loadDefaults()).isEmpty();
    }

    @Test
    void shouldStopOnAnUnknownActionNamingFileAndLine() throws Exception {
        Path file = write("""
                playbooks:
                  - name: x
                    match: {alertnames: [A]}
                    action: shell.exec
                    target: postgres/main
                    bounds: {cooldown: 5m, max_per_hour: 1, max_per_hour_per_target: 1}
                """);

        assertThatThrownBy(() -> loader.load(file))
                .hasMessage(file + ":4: unknown action 'shell.exec' (known: postgres.kill-idle-connections, redis.evict-lru, k8s.restart-pod,"
                        + " k8s.rollout-restart, docker.restart-container)");
    }

    @Test
    void shouldStopOnATargetThatIsNotConfigured() throws Exception {
        Path file = write("""
                playbooks:
                  - name: x
                    match: {alertnames: [A]}
                    action: postgres.kill-idle-connections
                    target: postgres/elsewhere
                    bounds: {cooldown: 5m, max_per_hour: 1, max_per_hour_per_target: 1}
                """);

        assertThatThrownBy(() -> loader.load(file)).hasMessageStartingWith(file + ":5: no target 'postgres/elsewhere'");
    }

    @Test
    void shouldStopOnAPatternTheRedisTargetDoesNotAllow() throws Exception {
        Path file = write("""
                playbooks:
                  - name: x
                    match: {signatures: [redis-oom]}
                    action: redis.evict-lru
                    target: redis/main
                    params: {pattern: "*"}
                    bounds: {cooldown: 5m, max_per_hour: 1, max_per_hour_per_target: 1}
                """);

        assertThatThrownBy(() -> loader.load(file)).hasMessageStartingWith(file + ":6: ")
                .hasMessageContaining("not among the allowed patterns");
    }

    @Test
    void shouldStopOnAnActionForAnotherKindOfTarget() throws Exception {
        Path file = write("""
                playbooks:
                  - name: x
                    match: {alertnames: [A]}
                    action: redis.evict-lru
                    target: postgres/main
                    bounds: {cooldown: 5m, max_per_hour: 1, max_per_hour_per_target: 1}
                """);

        assertThatThrownBy(() -> loader.load(file)).hasMessage(file + ":5: action redis.evict-lru cannot work on postgres/main");
    }

    @Test
    void shouldStopOnMissingBoundsAndBadValues() throws Exception {
        Path noBounds = write("""
                playbooks:
                  - name: x
                    match: {alertnames: [A]}
                    action: postgres.kill-idle-connections
                    target: postgres/main
                """);
        assertThatThrownBy(() -> loader.load(noBounds)).hasMessageContaining("'bounds' is required");

        Path badMode = write("""
                playbooks:
                  - name: x
                    match: {alertnames: [A], min_severity: P9}
                    action: postgres.kill-idle-connections
                    target: postgres/main
                    bounds: {cooldown: 5m, max_per_hour: 1, max_per_hour_per_target: 1}
                """);
        assertThatThrownBy(() -> loader.load(badMode)).hasMessageContaining(":3: 'P9' is not a severity");
    }

    @Test
    void shouldAcceptATemplateTargetAndResolveItFromLabelsOnly() throws Exception {
        Path file = write("""
                playbooks:
                  - name: x
                    match: {alertnames: [DatabasePoolExhausted], matchers: ['severity="critical"']}
                    action: postgres.kill-idle-connections
                    target: postgres/{{labels.database}}
                    mode: approval
                    bounds: {cooldown: 5m, max_per_hour: 1, max_per_hour_per_target: 1}
                """);

        Playbook playbook = loader.load(file).get(0);

        assertThat(playbook.mode()).contains(Playbook.Mode.APPROVAL);
        assertThat(playbook.targetFor(Map.of("database", "orders"), null)).contains("postgres/orders");
        assertThat(playbook.targetFor(Map.of(), null)).isEmpty();
        assertThat(playbook.targetFor(Map.of("database", "x/../y"), null)).isEmpty();
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("playbooks-" + System.nanoTime() + ".yml");
        Files.writeString(file, yaml);
        return file;
    }
}
