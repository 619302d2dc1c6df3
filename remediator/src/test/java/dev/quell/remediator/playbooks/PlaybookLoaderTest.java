package dev.quell.remediator.playbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quell.remediator.app.Actions;
import dev.quell.remediator.targets.DockerTarget;
import dev.quell.remediator.targets.KubernetesTarget;
import dev.quell.remediator.targets.PostgresTarget;
import dev.quell.remediator.targets.RedisTarget;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.Severity;
import dev.quell.schemas.incidents.IncidentIds;
import dev.quell.service.config.Credential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** A playbook with only what is required, at lines 3 (match) to 6 (bounds). */
    private static final String A_PLAYBOOK = """
            playbooks:
              - name: x
                match: {alertnames: [A]}
                action: postgres.kill-idle-connections
                target: postgres/main
                bounds: {cooldown: 5m, max_per_hour: 1, max_per_hour_per_target: 1}
            """;

    /** {@link #A_PLAYBOOK} with {@code line} in place of the line of the same key, or after its last line. */
    private static String aPlaybookWith(String line) {
        String key = line.substring(0, line.indexOf(':') + 1);
        boolean replaces = A_PLAYBOOK.lines().anyMatch(existing -> existing.trim().startsWith(key));
        return replaces ? A_PLAYBOOK.lines().map(existing -> existing.trim().startsWith(key) ? "    " + line : existing)
                .collect(Collectors.joining("\n", "", "\n")) : A_PLAYBOOK + "    " + line + "\n";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mod         | mod: approval                                                                            | 7
            min_severty | match: {alertnames: [A], min_severty: P1}                                                | 3
            max_per_hr  | bounds: {cooldown: 5m, max_per_hour: 1, max_per_hour_per_target: 1, max_per_hr: 9}       | 6
            timout      | verify: {timeout: 2m, timout: 5m}                                                        | 7
            """)
    void shouldRefuseAnUnknownKeySoATypoIsNotASilentDefault(String typo, String line, int lineNumber) throws Exception {
        Path file = write(aPlaybookWith(line));

        assertThatThrownBy(() -> loader.load(file)).hasMessageStartingWith(file + ":" + lineNumber + ": unknown key '" + typo + "'");
    }

    @Test
    void shouldKeepTheMatchersThatNarrowAPlaybookToSomeAlerts() throws Exception {
        Path file = write(aPlaybookWith(
                "match: {alertnames: [DatabasePoolExhausted], matchers: ['severity=\"critical\"', 'env=~\"prod|staging\"']}"));

        Playbook.Match match = loader.load(file).get(0).match();

        assertThat(match.trigger(incident(Map.of("severity", "critical", "env", "prod")))).isPresent();
        assertThat(match.trigger(incident(Map.of("severity", "warning", "env", "prod")))).isEmpty();
        assertThat(match.trigger(incident(Map.of("severity", "critical", "env", "dev")))).isEmpty();
    }

    @Test
    void shouldReadTheBoundsAndTheVerificationTimesOrTheirDefaults() throws Exception {
        String bounds = "bounds: {cooldown: 10m, max_per_hour: 3, max_per_hour_per_target: 2}";

        Playbook given = loader.load(write(aPlaybookWith(bounds) + "    verify: {timeout: 2m, interval: 10s}\n")).get(0);
        Playbook defaults = loader.load(write(A_PLAYBOOK)).get(0);

        assertThat(given.bounds()).isEqualTo(new Playbook.Bounds(Duration.ofMinutes(10), 3, 2));
        assertThat(given.verify()).isEqualTo(new Playbook.Verify(Duration.ofMinutes(2), Duration.ofSeconds(10)));
        assertThat(defaults.verify()).isEqualTo(new Playbook.Verify(Duration.ofMinutes(1), Duration.ofSeconds(5)));
    }

    @Test
    void shouldRefuseABoundOfNoRunsAnHour() throws Exception {
        Path file = write(aPlaybookWith("bounds: {cooldown: 5m, max_per_hour: 0, max_per_hour_per_target: 1}"));

        assertThatThrownBy(() -> loader.load(file)).hasMessage(file + ":6: must be at least 1");
    }

    /** An open P1 incident whose one firing DatabasePoolExhausted alert carries these labels too. */
    private static Incident incident(Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.put("alertname", "DatabasePoolExhausted");
        Instant t0 = Instant.parse("2026-11-20T08:00:00Z");
        return new Incident(IncidentIds.of("prod/api", t0), 1, "prod/api", IncidentStatus.OPEN, Severity.P1, List.of(),
                t0.plusSeconds(3600), false, t0, t0, null,
                List.of(new Incident.Alert("0123456789abcdef", "DatabasePoolExhausted", AlertStatus.FIRING, all, t0, false)),
                List.of(), false);
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("playbooks-" + System.nanoTime() + ".yml");
        Files.writeString(file, yaml);
        return file;
    }
}
