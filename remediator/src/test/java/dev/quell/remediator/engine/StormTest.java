package dev.quell.remediator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.remediator.playbooks.Playbook;
import dev.quell.remediator.targets.PostgresTarget;
import dev.quell.remediator.targets.Target;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import dev.quell.service.config.Credential;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 1,000 incident versions over 20 targets in a short time: counted from the events, the actions
 * that ran never exceed a bound — cooldown per target, runs per hour per target and per playbook,
 * and the global budget.
 */
class StormTest {

    private static final int TARGETS = 20;
    private static final Duration COOLDOWN = Duration.ofMinutes(10);
    private static final int PER_TARGET = 2;
    private static final int PER_PLAYBOOK = 15;
    private static final int GLOBAL = 12;

    @Test
    void shouldKeepEveryBoundUnderAStormOfIncidents() {
        EngineFixture fixture = new EngineFixture();
        Map<String, Target> targets = new HashMap<>();
        for (int i = 0; i < TARGETS; i++) {
            targets.put("postgres/db" + i, new PostgresTarget("db" + i, "jdbc:postgresql://127.0.0.1:5432/db" + i,
                    "quell", Credential.of("x"), List.of()));
        }
        Playbook playbook = EngineFixture.playbook("kill-idle", "postgres/{{labels.database}}", COOLDOWN, PER_PLAYBOOK,
                PER_TARGET);
        RemediationEngine engine = new RemediationEngine(List.of(playbook), Map.of(EngineFixture.FakeAction.NAME,
                fixture.action), new Targets(targets), fixture.ledger, (id, event) -> fixture.events.add(event),
                new RemediatorSettings(Playbook.Mode.ENFORCE, GLOBAL, 2, 2, Duration.ofMinutes(30), RemediatorSettings.SOURCE),
                fixture.clock, duration -> fixture.clock.advance(duration));
        Random random = new Random(7);
        Map<String, Integer> versions = new HashMap<>();

        for (int n = 0; n < 1_000; n++) {
            String database = "db" + random.nextInt(TARGETS);
            int version = versions.merge(database, 1, Integer::sum);
            Incident incident = fixture.incident(database, version);
            engine.onIncident(incident);
            if (random.nextInt(4) == 0) {
                engine.onIncident(incident); // redeliveries in the storm
            }
            fixture.clock.advance(Duration.ofSeconds(random.nextInt(20)));
        }

        List<RemediationEvent> started = fixture.events.stream()
                .filter(event -> event.phase() == RemediationPhase.STARTED).toList();
        assertThat(started).as("some actions ran").isNotEmpty();
        assertThat(fixture.action.runs).hasValue(started.size());
        Map<String, List<Instant>> byTarget = started.stream().collect(Collectors.groupingBy(RemediationEvent::subject,
                Collectors.mapping(RemediationEvent::time, Collectors.toList())));
        byTarget.values().forEach(times -> {
            for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i))).as("cooldown").isGreaterThanOrEqualTo(COOLDOWN);
            }
            assertThat(maxInAnyHour(times)).as("runs per hour on one target").isLessThanOrEqualTo(PER_TARGET);
        });
        List<Instant> all = started.stream().map(RemediationEvent::time).sorted().toList();
        assertThat(maxInAnyHour(all)).as("runs per hour of the playbook and overall")
                .isLessThanOrEqualTo(Math.min(PER_PLAYBOOK, GLOBAL));
        assertThat(fixture.events.stream().filter(e -> e.phase() == RemediationPhase.PLANNED).count())
                .as("no incident version decided twice").isLessThanOrEqualTo(1_000);
    }

    private static int maxInAnyHour(List<Instant> times) {
        List<Instant> sorted = new ArrayList<>(times);
        sorted.sort(null);
        int max = 0;
        for (int i = 0; i < sorted.size(); i++) {
            int count = 0;
            for (int j = i; j < sorted.size() && sorted.get(j).isBefore(sorted.get(i).plus(Duration.ofHours(1))); j++) {
                count++;
            }
            max = Math.max(max, count);
        }
        return max;
    }
}
