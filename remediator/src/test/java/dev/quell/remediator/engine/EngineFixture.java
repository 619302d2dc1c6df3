package dev.quell.remediator.engine;

import dev.quell.remediator.actions.ActionParams;
import dev.quell.remediator.actions.ActionResult;
import dev.quell.remediator.actions.RemediationAction;
import dev.quell.remediator.playbooks.Playbook;
import dev.quell.remediator.targets.PostgresTarget;
import dev.quell.remediator.targets.Target;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import dev.quell.schemas.events.Severity;
import dev.quell.schemas.incidents.IncidentIds;
import dev.quell.service.config.Credential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine with a fake action, an in-memory ledger, collected events and a clock the test moves. */
final class EngineFixture {

    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final MemoryLedger ledger = new MemoryLedger();
    final List<RemediationEvent> events = new ArrayList<>();
    final FakeAction action = new FakeAction();
    final Targets targets = new Targets(Map.of(
            "postgres/main", postgres("main"), "postgres/orders", postgres("orders")));

    RemediationEngine engine(Playbook.Mode mode, int budgetPerHour, Playbook... playbooks) {
        return engine(ledger, mode, budgetPerHour, playbooks);
    }

    RemediationEngine engine(Ledger ledger, Playbook.Mode mode, int budgetPerHour, Playbook... playbooks) {
        return new RemediationEngine(List.of(playbooks), Map.of(FakeAction.NAME, action), targets, ledger,
                (id, event) -> events.add(event), new RemediatorSettings(mode, budgetPerHour, 2, 2, Duration.ofMinutes(30),
                        RemediatorSettings.SOURCE),
                clock, duration -> clock.advance(duration));
    }

    static Playbook playbook(String name, String target, Duration cooldown, int perHour, int perTarget) {
        return new Playbook(name, new Playbook.Match(Set.of("DatabasePoolExhausted"), List.of(), Set.of("too-many-connections"),
                Severity.P2), FakeAction.NAME, target, ActionParams.of(Map.of()), new Playbook.Bounds(cooldown, perHour, perTarget),
                new Playbook.Verify(Duration.ofSeconds(30), Duration.ofSeconds(5)), Optional.empty());
    }

    /** Version {@code version} of an open P1 incident on {@code service} with DatabasePoolExhausted firing. */
    Incident incident(String service, long version) {
        Map<String, String> labels = Map.of("alertname", "DatabasePoolExhausted", "severity", "critical", "service", service,
                "database", service);
        return new Incident(IncidentIds.of("prod/" + service, T0), version, "prod/" + service, IncidentStatus.OPEN,
                Severity.P1, List.of(), T0.plusSeconds(3600), false, T0, clock.instant(), null,
                List.of(new Incident.Alert("0123456789abcdef", "DatabasePoolExhausted", AlertStatus.FIRING, labels, T0, false)),
                List.of(), false);
    }

    /** Version {@code version} of an open P1 incident on {@code key} with one alert firing with these labels. */
    Incident incident(String key, Map<String, String> labels, long version) {
        return new Incident(IncidentIds.of(key, T0), version, key, IncidentStatus.OPEN, Severity.P1, List.of(),
                T0.plusSeconds(3600), false, T0, clock.instant(), null,
                List.of(new Incident.Alert("fedcba9876543210", labels.get("alertname"), AlertStatus.FIRING, labels, T0, false)),
                List.of(), false);
    }

    Incident resolved(Incident incident) {
        return new Incident(incident.id(), incident.version() + 1, incident.correlationKey(), IncidentStatus.RESOLVED,
                incident.severity(), incident.severityReasons(), incident.respondBy(), false, incident.openedAt(),
                clock.instant(), clock.instant(), incident.alerts(), incident.logSignals(), false);
    }

    /** The collected events as the events topic would tell them: by decision, oldest first. */
    PublishedEvents published() {
        return (since, decisions) -> {
            Map<String, List<RemediationEvent>> found = new java.util.HashMap<>();
            for (RemediationEvent event : events) {
                String decision = RemediationEngine.decisionKey(event.data().incidentId(), event.data().playbook(),
                        event.data().incidentVersion());
                if (!event.time().isBefore(since) && decisions.contains(decision)) {
                    found.computeIfAbsent(decision, d -> new ArrayList<>()).add(event);
                }
            }
            return found;
        };
    }

    List<RemediationPhase> phases() {
        return events.stream().map(RemediationEvent::phase).toList();
    }

    long count(RemediationPhase phase) {
        return events.stream().filter(event -> event.phase() == phase).count();
    }

    List<String> reasons(RemediationPhase phase) {
        return events.stream().filter(event -> event.phase() == phase).map(event -> event.data().reason()).toList();
    }

    private static PostgresTarget postgres(String name) {
        return new PostgresTarget(name, "jdbc:postgresql://127.0.0.1:5432/" + name, "quell", Credential.of("x"), List.of());
    }

    static final class FakeAction implements RemediationAction<Target> {
        static final String NAME = "fake.fix";
        final AtomicInteger runs = new AtomicInteger();
        volatile boolean verifies = true;
        volatile RuntimeException failure;

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Class<Target> targetType() {
            return Target.class;
        }

        @Override
        public void validate(ActionParams params, Target target) {
        }

        @Override
        public ActionResult run(Target target, ActionParams params) {
            runs.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return new ActionResult(true, "fixed " + target.id(), 10);
        }

        @Override
        public boolean verified(Target target, ActionParams params, ActionResult result) {
            return verifies;
        }
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
