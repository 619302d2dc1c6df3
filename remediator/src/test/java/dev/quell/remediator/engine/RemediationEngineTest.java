package dev.quell.remediator.engine;

import static dev.quell.remediator.engine.EngineFixture.playbook;
import static dev.quell.schemas.events.RemediationPhase.AWAITING_APPROVAL;
import static dev.quell.schemas.events.RemediationPhase.ESCALATED;
import static dev.quell.schemas.events.RemediationPhase.FAILED;
import static dev.quell.schemas.events.RemediationPhase.PLANNED;
import static dev.quell.schemas.events.RemediationPhase.SKIPPED;
import static dev.quell.schemas.events.RemediationPhase.STARTED;
import static dev.quell.schemas.events.RemediationPhase.SUCCEEDED;
import static dev.quell.schemas.events.RemediationPhase.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quell.remediator.playbooks.Playbook;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.LedgerEntry;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import dev.quell.schemas.events.RemediationPlan;
import dev.quell.schemas.events.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemediationEngineTest {

    private final EngineFixture fixture = new EngineFixture();
    private final Playbook killIdle = playbook("kill-idle", "postgres/{{labels.database}}", Duration.ofMinutes(10), 10, 3);

    @Test
    void shouldRunVerifyAndPublishEveryPhaseInEnforceMode() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.ENFORCE, 20, killIdle);

        engine.onIncident(fixture.incident("main", 1));

        assertThat(fixture.phases()).containsExactly(PLANNED, STARTED, SUCCEEDED, VERIFIED);
        assertThat(fixture.action.runs).hasValue(1);
        RemediationEvent verified = fixture.events.get(3);
        assertThat(verified.subject()).isEqualTo("postgres/main");
        assertThat(verified.data().mode()).isEqualTo("enforce");
        assertThat(verified.data().outcome()).isEqualTo("fixed postgres/main");
        assertThat(verified.data().budget()).isEqualTo(new RemediationEvent.Budget(1, 3, "PT1H"));
        assertThat(fixture.ledger.get("postgres/main")).hasValueSatisfying(entry -> {
            assertThat(entry.recentActions()).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo("verified"));
            assertThat(entry.cooldownUntil()).isEqualTo(EngineFixture.T0.plus(Duration.ofMinutes(10)));
        });
    }

    @Test
    void shouldTouchNothingInDryRunAndSayWhatItWouldHaveDone() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.DRY_RUN, 20, killIdle);

        engine.onIncident(fixture.incident("main", 1));

        assertThat(fixture.phases()).containsExactly(PLANNED, SKIPPED);
        assertThat(fixture.reasons(SKIPPED)).containsExactly("dry-run: would run fake.fix on postgres/main");
        assertThat(fixture.action.runs).hasValue(0);
    }

    @Test
    void shouldLetTheGlobalDryRunOverrideAPlaybookThatSaysEnforce() {
        Playbook eager = new Playbook("eager", killIdle.match(), killIdle.action(), killIdle.target(), killIdle.params(),
                killIdle.bounds(), killIdle.verify(), java.util.Optional.of(Playbook.Mode.ENFORCE));
        fixture.engine(Playbook.Mode.DRY_RUN, 20, eager).onIncident(fixture.incident("main", 1));

        assertThat(fixture.action.runs).hasValue(0);
    }

    @Test
    void shouldNeverRunTwiceForARedeliveredIncidentVersion() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.ENFORCE, 20, killIdle);
        Incident incident = fixture.incident("main", 1);

        engine.onIncident(incident);
        fixture.clock.advance(Duration.ofHours(2));
        engine.onIncident(incident);

        assertThat(fixture.action.runs).hasValue(1);
        assertThat(fixture.count(PLANNED)).isEqualTo(1);
    }

    @Test
    void shouldDecideARedeliveredIncidentVersionOnceInDryRunInApprovalAndWhenRefused() {
        Incident incident = fixture.incident("main", 1);
        RemediationEngine dryRun = fixture.engine(Playbook.Mode.DRY_RUN, 20, killIdle);
        dryRun.onIncident(incident);
        dryRun.onIncident(incident);
        assertThat(fixture.phases()).as("dry-run").containsExactly(PLANNED, SKIPPED);

        EngineFixture approvals = new EngineFixture();
        RemediationEngine approval = approvals.engine(Playbook.Mode.APPROVAL, 20, killIdle);
        approval.onIncident(incident);
        approval.onIncident(incident);
        assertThat(approvals.phases()).as("one request to approve, not two").containsExactly(PLANNED, AWAITING_APPROVAL);
        assertThat(approval.pendingApprovals()).hasSize(1);

        EngineFixture refusals = new EngineFixture();
        RemediationEngine paused = refusals.engine(Playbook.Mode.ENFORCE, 20, killIdle);
        paused.setPaused(true);
        paused.onIncident(incident);
        paused.onIncident(incident);
        assertThat(refusals.phases()).as("paused").containsExactly(SKIPPED);
    }

    @Test
    void shouldSkipDuringTheCooldown() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.ENFORCE, 20, killIdle);
        engine.onIncident(fixture.incident("main", 1));
        fixture.clock.advance(Duration.ofMinutes(5));

        engine.onIncident(fixture.incident("main", 2));

        assertThat(fixture.action.runs).hasValue(1);
        assertThat(fixture.reasons(SKIPPED)).singleElement().satisfies(r -> assertThat(r).startsWith("cooldown:"));
    }

    @Test
    void shouldStopAtTheBudgetPerTarget() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.ENFORCE, 20,
                playbook("kill-idle", "postgres/main", Duration.ofMinutes(1), 10, 2));
        for (int version = 1; version <= 4; version++) {
            engine.onIncident(fixture.incident("main", version));
            fixture.clock.advance(Duration.ofMinutes(2));
        }

        assertThat(fixture.action.runs).hasValue(2);
        assertThat(fixture.reasons(SKIPPED)).allSatisfy(r -> assertThat(r).startsWith("budget: 2 of 2 runs of kill-idle on postgres/main"));
    }

    @Test
    void shouldStopAtTheBudgetOfThePlaybookOverAllTargets() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.ENFORCE, 20,
                playbook("kill-idle", "postgres/{{labels.database}}", Duration.ofMinutes(1), 1, 5));
        engine.onIncident(fixture.incident("main", 1));
        engine.onIncident(fixture.incident("orders", 1));

        assertThat(fixture.action.runs).hasValue(1);
        assertThat(fixture.reasons(SKIPPED)).singleElement().satisfies(r -> assertThat(r).contains("1 of 1 runs of kill-idle in the last hour"));
    }

    @Test
    void shouldStopAtTheGlobalBudget() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.ENFORCE, 1,
                playbook("a", "postgres/main", Duration.ofMinutes(1), 5, 5),
                playbook("b", "postgres/orders", Duration.ofMinutes(1), 5, 5));
        engine.onIncident(fixture.incident("main", 1));

        assertThat(fixture.action.runs).hasValue(1);
        assertThat(fixture.reasons(SKIPPED)).singleElement().satisfies(r -> assertThat(r).contains("over all playbooks and targets"));
    }

    @Test
    void shouldBudgetAgainAfterTheHourHasPassed() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.ENFORCE, 20,
                playbook("kill-idle", "postgres/main", Duration.ofMinutes(1), 10, 1));
        engine.onIncident(fixture.incident("main", 1));
        fixture.clock.advance(Duration.ofMinutes(61));
        engine.onIncident(fixture.incident("main", 2));

        assertThat(fixture.action.runs).hasValue(2);
    }

    @Test
    void shouldSkipAnUnknownTargetWithTheReason() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.ENFORCE, 20, killIdle);

        engine.onIncident(fixture.incident("inventory", 1));

        assertThat(fixture.phases()).containsExactly(SKIPPED);
        assertThat(fixture.reasons(SKIPPED)).containsExactly("unknown target: 'postgres/inventory' is not a configured target");
    }

    @Test
    void shouldNeverLetALabelWithSqlOrPathSyntaxReachATarget() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.ENFORCE, 20, killIdle);

        engine.onIncident(fixture.incident("main; DROP TABLE users", 1));
        engine.onIncident(fixture.incident("../../etc/passwd", 1));

        assertThat(fixture.action.runs).hasValue(0);
        assertThat(fixture.reasons(SKIPPED)).allSatisfy(r -> assertThat(r).startsWith("unknown target"));
    }

    @Test
    void shouldDoNothingWhilePausedAndRememberThePauseInTheLedger() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.ENFORCE, 20, killIdle);
        engine.setPaused(true);

        engine.onIncident(fixture.incident("main", 1));
        RemediationEngine restarted = fixture.engine(Playbook.Mode.ENFORCE, 20, killIdle);

        assertThat(fixture.action.runs).hasValue(0);
        assertThat(fixture.reasons(SKIPPED)).singleElement().satisfies(r -> assertThat(r).startsWith("paused"));
        assertThat(restarted.paused()).isTrue();
        restarted.setPaused(false);
        restarted.onIncident(fixture.incident("main", 2));
        assertThat(fixture.action.runs).hasValue(1);
    }

    @Test
    void shouldEscalateAndBlockATargetThatFailedTwiceUntilItsIncidentResolves() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.ENFORCE, 20,
                playbook("kill-idle", "postgres/main", Duration.ofMinutes(1), 10, 10));
        fixture.action.verifies = false;
        Incident incident = fixture.incident("main", 1);

        engine.onIncident(incident);
        fixture.clock.advance(Duration.ofMinutes(2));
        engine.onIncident(fixture.incident("main", 2));
        fixture.clock.advance(Duration.ofMinutes(2));
        engine.onIncident(fixture.incident("main", 3));

        assertThat(fixture.action.runs).hasValue(2);
        assertThat(fixture.count(FAILED)).isEqualTo(2);
        assertThat(fixture.count(ESCALATED)).isEqualTo(1);
        assertThat(fixture.reasons(FAILED)).allSatisfy(r -> assertThat(r).startsWith("not verified within PT30S"));
        assertThat(fixture.reasons(SKIPPED)).singleElement().satisfies(r -> assertThat(r).startsWith("blocked:"));

        engine.onIncident(fixture.resolved(fixture.incident("main", 3)));
        fixture.action.verifies = true;
        fixture.clock.advance(Duration.ofMinutes(2));
        engine.onIncident(fixture.incident("main", 5));
        assertThat(fixture.action.runs).hasValue(3);
    }

    @Test
    void shouldKeepATargetBlockedWhenAnotherIncidentResolves() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.ENFORCE, 20,
                playbook("kill-idle", "postgres/main", Duration.ofMinutes(1), 10, 10));
        fixture.action.verifies = false;
        engine.onIncident(fixture.incident("main", 1));
        fixture.clock.advance(Duration.ofMinutes(2));
        engine.onIncident(fixture.incident("main", 2)); // the second failure: blocked until this incident resolves
        fixture.action.verifies = true;

        Incident another = fixture.resolved(fixture.incident("orders", 1)); // another incident, same target
        engine.onIncident(another);
        // and a stale plan that names the target for it (the plans topic redelivered, the block since renewed)
        engine.decide(new RemediationPlan("postgres/main", RemediationEngine.INCIDENT_RESOLVED, another));
        fixture.clock.advance(Duration.ofMinutes(2));
        engine.onIncident(fixture.incident("main", 3));

        assertThat(fixture.action.runs).hasValue(2);
        assertThat(fixture.reasons(SKIPPED)).singleElement().satisfies(r -> assertThat(r).startsWith("blocked:"));
    }

    @Test
    void shouldCountEachPlaybooksBudgetsByItsOwnRuns() {
        // two playbooks on one target, each allowed one run an hour there and over all targets
        RemediationEngine engine = fixture.engine(Playbook.Mode.ENFORCE, 20,
                playbook("kill-idle", "postgres/main", Duration.ZERO, 1, 1),
                playbook("kill-idle-again", "postgres/main", Duration.ZERO, 1, 1));

        engine.onIncident(fixture.incident("main", 1));

        assertThat(fixture.action.runs).as("the other playbook's run is not this one's").hasValue(2);
        assertThat(fixture.count(SKIPPED)).isZero();
    }

    @Test
    void shouldReportAFailingActionAsFailed() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.ENFORCE, 20, killIdle);
        fixture.action.failure = new IllegalStateException("connection refused");

        engine.onIncident(fixture.incident("main", 1));

        assertThat(fixture.phases()).containsExactly(PLANNED, STARTED, FAILED);
        assertThat(fixture.reasons(FAILED)).containsExactly("IllegalStateException: connection refused");
    }

    @Test
    void shouldReportAnActionInterruptedByACrashAsFailedAndNotRunItAgain() {
        Incident incident = fixture.incident("main", 1);
        fixture.ledger.put(startedAndNotEnded(incident));
        fixture.events.add(startPublished(incident));
        RemediationEngine restarted = fixture.engine(Playbook.Mode.ENFORCE, 20, killIdle);

        restarted.settleUnfinished(subject -> true, fixture.published());
        restarted.onIncident(incident);

        assertThat(fixture.phases()).containsExactly(STARTED, FAILED);
        assertThat(fixture.reasons(FAILED)).containsExactly("interrupted");
        assertThat(fixture.action.runs).hasValue(0);
        assertThat(fixture.ledger.get("postgres/main").orElseThrow().recentActions())
                .singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo("interrupted"));
    }

    @Test
    void shouldSkipAnActionWhoseStartWasRecordedButNeverPublishedAndCountItNowhere() {
        Incident incident = fixture.incident("main", 1);
        fixture.ledger.put(startedAndNotEnded(incident));
        fixture.events.add(published(PLANNED, incident)); // what was told before the stop: the plan, not the start
        RemediationEngine restarted = fixture.engine(Playbook.Mode.ENFORCE, 20, killIdle);

        restarted.settleUnfinished(subject -> true, fixture.published());
        restarted.onIncident(incident);

        assertThat(fixture.phases()).containsExactly(PLANNED, SKIPPED);
        assertThat(fixture.reasons(SKIPPED)).singleElement().satisfies(r -> assertThat(r).startsWith("stopped before the action ran"));
        assertThat(fixture.action.runs).hasValue(0);
        assertThat(restarted.actionsInLastHour()).isZero();
        assertThat(fixture.ledger.get("postgres/main").orElseThrow().recentActions()).isEmpty();
    }

    @Test
    void shouldLeaveTheUnfinishedActionsOfSubjectsAnotherReplicaOwnsAlone() {
        Incident incident = fixture.incident("main", 1);
        fixture.ledger.put(startedAndNotEnded(incident));

        fixture.engine(Playbook.Mode.ENFORCE, 20, killIdle)
                .settleUnfinished(subject -> !subject.equals("postgres/main"), fixture.published());

        assertThat(fixture.events).isEmpty();
        assertThat(fixture.ledger.get("postgres/main").orElseThrow().recentActions())
                .singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo("started"));
    }

    @Test
    void shouldRecordAnEndPublishedJustBeforeAStopInsteadOfReportingItInterrupted() {
        Incident incident = fixture.incident("main", 1);
        RemediationEngine stopping = fixture.engine(new StopsBeforeRecordingAnEnd(fixture.ledger), Playbook.Mode.ENFORCE, 20,
                killIdle);
        assertThatThrownBy(() -> stopping.onIncident(incident)).hasMessage("stopped");
        assertThat(fixture.phases()).containsExactly(PLANNED, STARTED, SUCCEEDED, VERIFIED);

        RemediationEngine restarted = fixture.engine(Playbook.Mode.ENFORCE, 20, killIdle);
        restarted.settleUnfinished(subject -> true, fixture.published());
        restarted.onIncident(incident);

        assertThat(fixture.phases()).as("the end is told once").containsExactly(PLANNED, STARTED, SUCCEEDED, VERIFIED);
        assertThat(fixture.action.runs).hasValue(1);
        assertThat(fixture.ledger.get("postgres/main").orElseThrow().recentActions())
                .singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo("verified"));
    }

    @Test
    void shouldEscalateOnceWhenTheStopCameBetweenTheFailureAndItsEscalation() {
        fixture.action.verifies = false;
        fixture.engine(Playbook.Mode.ENFORCE, 20, killIdle).onIncident(fixture.incident("main", 1));
        fixture.clock.advance(Duration.ofMinutes(11));
        RemediationEngine stopping = fixture.engine(new StopsBeforeRecordingAnEnd(fixture.ledger), Playbook.Mode.ENFORCE, 20,
                killIdle);
        assertThatThrownBy(() -> stopping.onIncident(fixture.incident("main", 2))).hasMessage("stopped");
        fixture.events.remove(fixture.events.size() - 1); // the escalation was never published
        assertThat(fixture.phases()).endsWith(STARTED, SUCCEEDED, FAILED);

        fixture.engine(Playbook.Mode.ENFORCE, 20, killIdle).settleUnfinished(subject -> true, fixture.published());

        assertThat(fixture.count(FAILED)).isEqualTo(2);
        assertThat(fixture.count(ESCALATED)).isEqualTo(1);
        LedgerEntry entry = fixture.ledger.get("postgres/main").orElseThrow();
        assertThat(entry.failedVerifications()).isEqualTo(2);
        assertThat(entry.blockedForIncident()).isEqualTo(fixture.incident("main", 2).id());
        assertThat(entry.recentActions()).extracting(LedgerEntry.ActionRecord::outcome).containsExactly("failed", "failed");
    }

    private static LedgerEntry startedAndNotEnded(Incident incident) {
        String key = RemediationEngine.decisionKey(incident.id(), "kill-idle", incident.version());
        return new LedgerEntry("postgres/main",
                List.of(new LedgerEntry.ActionRecord(EngineFixture.T0, "kill-idle", key, incident.id(), "started")),
                EngineFixture.T0.plus(Duration.ofMinutes(10)), List.of(key), 0, null, null, EngineFixture.T0,
                List.of());
    }

    private static RemediationEvent startPublished(Incident incident) {
        return published(STARTED, incident);
    }

    private static RemediationEvent published(RemediationPhase phase, Incident incident) {
        return RemediationEvent.of(phase, RemediatorSettings.SOURCE, EngineFixture.T0, new RemediationEvent.Data(
                incident.id(), incident.version(), "kill-idle", EngineFixture.FakeAction.NAME, "postgres/main", "enforce",
                null, null, null));
    }

    /** A ledger whose process stops (throws) when an action's end is to be recorded: after the end was published. */
    private record StopsBeforeRecordingAnEnd(Ledger ledger) implements Ledger {

        @Override
        public java.util.Optional<LedgerEntry> get(String target) {
            return ledger.get(target);
        }

        @Override
        public java.util.Collection<LedgerEntry> all() {
            return ledger.all();
        }

        @Override
        public void put(LedgerEntry entry) {
            boolean ends = entry.recentActions().stream().anyMatch(r -> !r.outcome().equals("started"))
                    && ledger.get(entry.target()).map(known -> known.recentActions().stream()
                    .anyMatch(r -> r.outcome().equals("started"))).orElse(false);
            if (ends) {
                throw new IllegalStateException("stopped");
            }
            ledger.put(entry);
        }
    }

    @Test
    void shouldLeaveIncidentsBelowTheMinimumSeverityAlone() {
        Playbook onlyP0 = new Playbook("p0-only", new Playbook.Match(java.util.Set.of("DatabasePoolExhausted"), List.of(),
                java.util.Set.of(), dev.quell.schemas.events.Severity.P0), killIdle.action(), killIdle.target(),
                killIdle.params(), killIdle.bounds(), killIdle.verify(), java.util.Optional.empty());

        fixture.engine(Playbook.Mode.ENFORCE, 20, onlyP0).onIncident(fixture.incident("main", 1));

        assertThat(fixture.events).isEmpty();
    }

    @Test
    void shouldWaitForAHumanInApprovalModeAndRunOnceApproved() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle);
        engine.onIncident(fixture.incident("main", 1));

        assertThat(fixture.phases()).containsExactly(PLANNED, AWAITING_APPROVAL);
        assertThat(fixture.action.runs).hasValue(0);
        String approval = fixture.events.get(1).id();
        assertThat(engine.pendingApprovals()).containsKey(approval);

        assertThat(engine.decide(approval, true, "alice")).isEqualTo(RemediationEngine.Decision.RUN);
        assertThat(fixture.action.runs).hasValue(1);
        assertThat(fixture.phases()).endsWith(STARTED, SUCCEEDED, VERIFIED);
        assertThat(fixture.reasons(STARTED)).as("who approved it, for the audit trail").containsExactly("approved by alice");
        assertThat(engine.decide(approval, true, "alice")).as("decided once").isEqualTo(RemediationEngine.Decision.UNKNOWN);
    }

    @Test
    void shouldRecordARejection() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle);
        engine.onIncident(fixture.incident("main", 1));

        assertThat(engine.decide(fixture.events.get(1).id(), false, "bob")).isEqualTo(RemediationEngine.Decision.REJECTED);
        assertThat(fixture.action.runs).hasValue(0);
        assertThat(fixture.reasons(SKIPPED)).containsExactly("rejected by bob");
    }

    @Test
    void shouldLetAnApprovalRequestExpire() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle);
        engine.onIncident(fixture.incident("main", 1));
        String approval = fixture.events.get(1).id();
        fixture.clock.advance(Duration.ofMinutes(31));

        engine.expireApprovals();

        assertThat(fixture.reasons(SKIPPED)).singleElement().satisfies(r -> assertThat(r).startsWith("approval expired at"));
        assertThat(engine.decide(approval, true, "late")).isEqualTo(RemediationEngine.Decision.UNKNOWN);
        assertThat(fixture.action.runs).hasValue(0);
    }

    @Test
    void shouldCheckTheBoundsAgainWhenApproved() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle);
        engine.onIncident(fixture.incident("main", 1));
        engine.setPaused(true);

        assertThat(engine.decide(fixture.events.get(1).id(), true, "alice")).isEqualTo(RemediationEngine.Decision.REFUSED);
        assertThat(fixture.action.runs).hasValue(0);
        assertThat(fixture.reasons(SKIPPED)).singleElement().satisfies(r -> assertThat(r).contains("approved by alice, but paused"));
    }

    @Test
    void shouldAnswerAnApprovalRequestAfterARestartAndRunItOnce() {
        fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle).onIncident(fixture.incident("main", 1));
        String approval = fixture.events.get(1).id();
        assertThat(fixture.ledger.get("postgres/main").orElseThrow().awaitingApproval())
                .singleElement().satisfies(request -> {
                    assertThat(request.id()).isEqualTo(approval);
                    assertThat(request.expiresAt()).isEqualTo(EngineFixture.T0.plus(Duration.ofMinutes(30)));
                    assertThat(request.incident()).isEqualTo(fixture.incident("main", 1));
                });

        RemediationEngine restarted = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle);
        assertThat(restarted.pendingApprovals()).as("the ledger's").containsOnlyKeys(approval);
        assertThat(restarted.decide(approval, true, "alice")).as("not before it took its subjects over")
                .isEqualTo(RemediationEngine.Decision.UNKNOWN);
        restarted.takeOver(subject -> true, fixture.published());

        assertThat(restarted.heldApprovals()).containsExactly(approval);
        assertThat(fixture.phases()).as("nothing told again").containsExactly(PLANNED, AWAITING_APPROVAL);
        assertThat(restarted.decide(approval, true, "alice")).isEqualTo(RemediationEngine.Decision.RUN);
        assertThat(fixture.action.runs).hasValue(1);
        assertThat(fixture.ledger.get("postgres/main").orElseThrow().awaitingApproval()).isEmpty();
        restarted.onIncident(fixture.incident("main", 1));
        assertThat(fixture.action.runs).as("a redelivered version asks nobody again").hasValue(1);
        assertThat(fixture.count(AWAITING_APPROVAL)).isEqualTo(1);
    }

    @Test
    void shouldExpireARestoredApprovalRequestAndForgetItInTheLedger() {
        fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle).onIncident(fixture.incident("main", 1));
        RemediationEngine restarted = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle);
        restarted.restoreApprovals(subject -> true, fixture.published());
        fixture.clock.advance(Duration.ofMinutes(31));

        restarted.expireApprovals();

        assertThat(fixture.reasons(SKIPPED)).singleElement().satisfies(r -> assertThat(r).startsWith("approval expired at"));
        assertThat(fixture.ledger.get("postgres/main").orElseThrow().awaitingApproval()).isEmpty();
        RemediationEngine again = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle);
        again.restoreApprovals(subject -> true, fixture.published());
        assertThat(again.heldApprovals()).isEmpty();
    }

    @Test
    void shouldTellARecordedApprovalRequestWhoseEventWasLostInTheStopWithItsRecordedId() {
        fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle).onIncident(fixture.incident("main", 1));
        RemediationEvent lost = fixture.events.remove(1); // the stop came between recording the request and telling it
        fixture.clock.advance(Duration.ofMinutes(2));

        RemediationEngine restarted = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle);
        restarted.restoreApprovals(subject -> true, fixture.published());

        assertThat(fixture.phases()).containsExactly(PLANNED, AWAITING_APPROVAL);
        RemediationEvent told = fixture.events.get(1);
        assertThat(told.id()).isEqualTo(lost.id());
        assertThat(told.data().reason()).isEqualTo(lost.data().reason()).contains("before 2026-11-20T08:30:00Z");
        assertThat(restarted.decide(lost.id(), false, "bob")).isEqualTo(RemediationEngine.Decision.REJECTED);
    }

    @Test
    void shouldDropAnApprovalRequestAnsweredJustBeforeAStop() {
        RemediationEngine engine = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle);
        engine.onIncident(fixture.incident("main", 1));
        LedgerEntry beforeTheAnswer = fixture.ledger.get("postgres/main").orElseThrow();
        assertThat(engine.decide(fixture.events.get(1).id(), false, "bob")).isEqualTo(RemediationEngine.Decision.REJECTED);
        fixture.ledger.put(beforeTheAnswer); // the rejection was told, the stop came before it was recorded

        RemediationEngine restarted = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle);
        restarted.restoreApprovals(subject -> true, fixture.published());

        assertThat(restarted.heldApprovals()).isEmpty();
        assertThat(fixture.ledger.get("postgres/main").orElseThrow().awaitingApproval()).isEmpty();
        assertThat(fixture.phases()).containsExactly(PLANNED, AWAITING_APPROVAL, SKIPPED);
    }

    @Test
    void shouldSkipARestoredApprovalRequestWhosePlaybookIsNoLongerConfigured() {
        fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle).onIncident(fixture.incident("main", 1));

        RemediationEngine restarted = fixture.engine(Playbook.Mode.APPROVAL, 20,
                playbook("another", "postgres/main", Duration.ofMinutes(10), 10, 3));
        restarted.restoreApprovals(subject -> true, fixture.published());

        assertThat(restarted.heldApprovals()).isEmpty();
        assertThat(fixture.reasons(SKIPPED)).containsExactly(
                "approval request dropped: playbook kill-idle on postgres/main is no longer configured here");
        assertThat(fixture.ledger.get("postgres/main").orElseThrow().awaitingApproval()).isEmpty();
    }

    @Test
    void shouldLeaveTheApprovalRequestsOfSubjectsAnotherReplicaOwnsAndForgetThoseItGivesUp() {
        fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle).onIncident(fixture.incident("main", 1));
        fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle).onIncident(fixture.incident("orders", 1));
        RemediationEngine replica = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle);

        replica.restoreApprovals(subject -> subject.equals("postgres/orders"), fixture.published());
        assertThat(replica.heldApprovals()).hasSize(1);
        assertThat(fixture.ledger.get("postgres/main").orElseThrow().awaitingApproval()).as("the other's, untouched")
                .hasSize(1);

        replica.forgetApprovals(subject -> subject.equals("postgres/orders"));
        assertThat(replica.heldApprovals()).isEmpty();
        assertThat(fixture.ledger.get("postgres/orders").orElseThrow().awaitingApproval())
                .as("still the next owner's to answer").hasSize(1);
    }

    @Test
    void shouldListEachOpenApprovalWithWhatItWouldRunForWhichIncidentAndWhoHoldsIt() {
        fixture.engine(Playbook.Mode.DRY_RUN, 20, killIdle).onIncident(fixture.incident("main", 1)); // main's entry first
        RemediationEngine owner = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle);
        owner.onIncident(fixture.incident("orders", 1));
        fixture.clock.advance(Duration.ofMinutes(1));
        Incident incident = fixture.incident("main", 3);
        owner.onIncident(incident);
        String approval = fixture.events.stream()
                .filter(event -> event.phase() == AWAITING_APPROVAL && event.data().target().equals("postgres/main"))
                .findFirst().orElseThrow().id();
        RemediationEngine other = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle); // follows the same ledger

        Instant asked = EngineFixture.T0.plus(Duration.ofMinutes(1));
        assertThat(fixture.reasons(AWAITING_APPROVAL)).as("each request says how to answer it, with its own id")
                .contains("approve or reject before " + asked.plus(Duration.ofMinutes(30)) + ": quell approve " + approval
                        + " (or quell reject " + approval + "; POST /api/v1/remediations/" + approval + "/approve or /reject)");
        assertThat(owner.openApprovals()).extracting(OpenApproval::target).as("the oldest first, whatever the ledger's order")
                .containsExactly("postgres/orders", "postgres/main");
        assertThat(owner.openApprovals().get(1)).isEqualTo(new OpenApproval(approval, "kill-idle",
                EngineFixture.FakeAction.NAME, "postgres/main", incident.id(), 3, Severity.P1, "prod/main", asked,
                asked.plus(Duration.ofMinutes(30)), true));
        assertThat(other.openApprovals()).as("another replica lists them, held elsewhere")
                .extracting(OpenApproval::heldHere).containsExactly(false, false);

        owner.decide(approval, false, "alice");
        assertThat(owner.openApprovals()).extracting(OpenApproval::target).containsExactly("postgres/orders");
    }

    @Test
    void shouldCarryAnAnswerToTheReplicaThatHoldsTheRequestAndDecideItThereOnce() {
        RemediationEngine owner = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle);
        owner.onIncident(fixture.incident("main", 1));
        String approval = fixture.events.get(1).id();
        RemediationEngine other = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle); // follows the same ledger

        assertThat(other.decide(approval, true, "alice")).isEqualTo(RemediationEngine.Decision.UNKNOWN);
        RemediationPlan answer = other.answerFor(approval, true, "alice").orElseThrow();
        assertThat(answer.target()).isEqualTo("postgres/main");
        assertThat(answer.answer()).isEqualTo(new RemediationPlan.Answer(approval, true, "alice"));
        assertThat(other.answerFor("no-such-request", true, "alice")).isEmpty();

        owner.decide(answer);
        owner.decide(answer); // a redelivery

        assertThat(fixture.action.runs).hasValue(1);
        assertThat(fixture.phases()).containsExactly(PLANNED, AWAITING_APPROVAL, STARTED, SUCCEEDED, VERIFIED);
        assertThat(other.answerFor(approval, true, "alice")).as("decided: nothing left to carry").isEmpty();
        assertThat(other.pendingApprovals()).isEmpty();
    }

    @Test
    void shouldIgnoreAnAnswerThatArrivesAfterItsRequestExpired() {
        RemediationEngine owner = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle);
        owner.onIncident(fixture.incident("main", 1));
        RemediationPlan late = fixture.engine(Playbook.Mode.APPROVAL, 20, killIdle)
                .answerFor(fixture.events.get(1).id(), true, "alice").orElseThrow();
        fixture.clock.advance(Duration.ofMinutes(31));

        owner.decide(late);

        assertThat(fixture.action.runs).hasValue(0);
        assertThat(fixture.phases()).containsExactly(PLANNED, AWAITING_APPROVAL, SKIPPED);
        assertThat(fixture.reasons(SKIPPED)).singleElement().satisfies(r -> assertThat(r).startsWith("approval expired at"));
    }

    @Test
    void shouldNotStartMoreActionsAtOnceThanAllowedOverEveryReplica() {
        Incident elsewhere = fixture.incident("orders", 1);
        for (String target : List.of("postgres/a", "postgres/b")) {
            fixture.ledger.put(new LedgerEntry(target, List.of(new LedgerEntry.ActionRecord(EngineFixture.T0,
                    "kill-idle", elsewhere.id() + "/kill-idle/1" + target, elsewhere.id(), "started")),
                    null, List.of(), 0, null, null, EngineFixture.T0, List.of()));
        }
        RemediationEngine engine = fixture.engine(Playbook.Mode.ENFORCE, 20, killIdle);

        engine.onIncident(fixture.incident("main", 1));

        assertThat(fixture.action.runs).hasValue(0);
        assertThat(fixture.reasons(SKIPPED)).containsExactly("concurrency: 2 of 2 actions are running right now");
    }
}
