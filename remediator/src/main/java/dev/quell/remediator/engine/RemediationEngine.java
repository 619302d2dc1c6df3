package dev.quell.remediator.engine;

import dev.quell.remediator.actions.ActionParams;
import dev.quell.remediator.actions.ActionRefusedException;
import dev.quell.remediator.actions.ActionResult;
import dev.quell.remediator.actions.RemediationAction;
import dev.quell.remediator.playbooks.Playbook;
import dev.quell.remediator.targets.Target;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.LedgerEntry;
import dev.quell.schemas.events.LedgerEntry.ActionRecord;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import dev.quell.schemas.events.RemediationPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The playbook engine, top to bottom for each incident version: which playbooks answer it, which
 * configured target each picks, whether the bounds allow a run (pause, block after failures,
 * cooldown, per-playbook, per-target and global budgets), what the mode allows (dry-run decides
 * and publishes only), then — recorded in the ledger before it acts, so nothing runs twice —
 * the action, its verification, and escalation after repeated failures. Every step is an event.
 * The same rules hold for every action: the bounds are {@link Bounds}, the events
 * {@link StepEvents}, the requests for a human's approval {@link ApprovalRequests}.
 */
public final class RemediationEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RemediationEngine.class);
    private static final String REFUSED = "refused: ";
    static final String STARTED = "started";
    private static final String INTERRUPTED = "interrupted";
    /** The playbook name of a plan that tells a target's owner that the incident it was blocked for resolved. */
    public static final String INCIDENT_RESOLVED = "incident-resolved";

    private final List<Playbook> playbooks;
    private final Map<String, RemediationAction<?>> actions;
    private final Targets targets;
    private final Ledger ledger;
    private final StepEvents events;
    private final Bounds bounds;
    private final RemediatorSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ApprovalRequests approvals;

    public RemediationEngine(List<Playbook> playbooks, Map<String, RemediationAction<?>> actions, Targets targets,
                             Ledger ledger, EventSink events, RemediatorSettings settings, Clock clock, Sleeper sleeper) {
        this.playbooks = List.copyOf(playbooks);
        this.actions = Map.copyOf(actions);
        this.targets = targets;
        this.ledger = ledger;
        this.events = new StepEvents(playbooks, events, settings, clock);
        this.bounds = new Bounds(ledger, settings, clock);
        this.approvals = new ApprovalRequests(ledger, this.events, settings.approvalTimeout(), clock);
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Plans and decides in one step: for a single remediator, and for tests. */
    public synchronized void onIncident(Incident incident) {
        plan(incident).forEach(this::decide);
    }

    /**
     * Which playbooks answer this incident version, and on which configured target each would act.
     * An incident that resolved gives a plan {@value #INCIDENT_RESOLVED} for each target blocked for it.
     * Planning touches no target's state: the replica that owns the target decides ({@link #decide}).
     * It reads only what does not change (playbooks, targets) and the ledger (safe to read
     * concurrently), so it does not wait for a decision in progress — an action and its
     * verification can take seconds.
     */
    public List<RemediationPlan> plan(Incident incident) {
        List<RemediationPlan> plans = new ArrayList<>();
        if (incident.status() == IncidentStatus.RESOLVED) {
            for (LedgerEntry entry : ledger.all()) {
                if (incident.id().equals(entry.blockedForIncident())) {
                    plans.add(new RemediationPlan(entry.target(), INCIDENT_RESOLVED, incident));
                }
            }
            return plans;
        }
        for (Playbook playbook : playbooks) {
            playbook.match().trigger(incident).ifPresent(labels -> {
                Optional<String> targetId = playbook.targetFor(labels, incident);
                Optional<Target> target = targetId.flatMap(targets::find);
                if (target.isEmpty()) {
                    events.publish(RemediationPhase.SKIPPED, incident, playbook, targetId.orElse(playbook.target()),
                            "unknown target: '" + targetId.orElse(playbook.target()) + "' is not a configured target",
                            null, null);
                    return;
                }
                try {
                    Step step = step(playbook, target.get(), playbook.paramsFor(labels, incident));
                    plans.add(new RemediationPlan(step.subject(), playbook.name(), incident));
                } catch (IllegalArgumentException e) {
                    events.publish(RemediationPhase.SKIPPED, incident, playbook, target.get().id(), "refused: " + e.getMessage(),
                            null, null);
                } catch (Exception e) {
                    LOG.warn("{}: cannot plan {} on {}", incident.id(), playbook.name(), target.get().id(), e);
                    events.publish(RemediationPhase.SKIPPED, incident, playbook, target.get().id(), "cannot plan: "
                            + e.getClass().getSimpleName() + ": " + e.getMessage(), null, null);
                }
            });
        }
        return plans;
    }

    @SuppressWarnings("unchecked")
    private <T extends Target> Step step(Playbook playbook, Target target, ActionParams params) throws Exception {
        RemediationAction<T> action = (RemediationAction<T>) actions.get(playbook.action());
        if (!action.targetType().isInstance(target)) {
            throw new IllegalArgumentException(playbook.action() + " cannot work on " + target.id());
        }
        action.validate(params, (T) target);
        return new Step(playbook, target, params, action.subject((T) target, params));
    }

    /** Everything about one plan's target: the bounds, the mode, the action, its verification. */
    public synchronized void decide(RemediationPlan plan) {
        if (plan.answer() != null) {
            RemediationPlan.Answer answer = plan.answer();
            if (decide(answer.approvalId(), answer.approve(), answer.who()) == Decision.UNKNOWN) {
                LOG.info("approval request {} was answered by {} after it was decided or expired", answer.approvalId(),
                        answer.who());
            }
            return;
        }
        if (INCIDENT_RESOLVED.equals(plan.playbook())) {
            unblock(plan.target(), plan.incident().id());
            return;
        }
        Step.OrWhyNot found = stepFor(plan.playbook(), plan.target(), plan.incident());
        if (found.step() == null) {
            LOG.warn("plan for {} with playbook {} dropped: {}", plan.target(), plan.playbook(), found.whyNot());
            return;
        }
        consider(found.step(), plan.incident());
    }

    /** The configured playbook of that name (a plan or a ledger entry may name one configured no longer). */
    private Optional<Playbook> playbookNamed(String name) {
        return playbooks.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The step of a playbook on a subject this replica owns, its params filled from the incident. */
    private Step.OrWhyNot stepFor(String playbookName, String subject, Incident incident) {
        Optional<Playbook> playbook = playbookNamed(playbookName);
        Optional<Target> target = targets.owning(subject);
        Optional<Map<String, String>> labels = playbook.flatMap(p -> p.match().trigger(incident));
        if (playbook.isEmpty() || target.isEmpty() || labels.isEmpty()) {
            return new Step.OrWhyNot(null, "playbook " + playbookName + " on " + subject + " is no longer configured here");
        }
        try {
            return new Step.OrWhyNot(new Step(playbook.get(), target.get(),
                    playbook.get().paramsFor(labels.get(), incident), subject), null);
        } catch (IllegalArgumentException e) {
            return new Step.OrWhyNot(null, e.getMessage());
        }
    }

    /**
     * When this replica takes over targets (at start-up, or from a replica that left): every action
     * the ledger shows started and not ended gets its end told exactly once. If the end event was
     * published before the remediator stopped (it is published first, then recorded), the ledger is
     * completed from it; if not even the start was published, the action never ran (it runs only
     * after that) and is skipped; otherwise it is failed as interrupted — never run again blindly.
     */
    public synchronized void settleUnfinished(Predicate<String> owned, PublishedEvents published) {
        List<LedgerEntry> unfinished = ledger.all().stream()
                .filter(entry -> owned.test(entry.target()))
                .filter(entry -> entry.recentActions().stream().anyMatch(RemediationEngine::running))
                .toList();
        if (unfinished.isEmpty()) {
            return;
        }
        List<ActionRecord> running = unfinished.stream()
                .flatMap(entry -> entry.recentActions().stream().filter(RemediationEngine::running)).toList();
        Instant since = running.stream().map(ActionRecord::at).min(Instant::compareTo).orElseThrow();
        Map<String, List<RemediationEvent>> told = published.since(since.minus(PublishedEvents.CLOCK_SKEW),
                running.stream().map(ActionRecord::key).toList());
        for (LedgerEntry entry : unfinished) {
            LedgerEntry settled = entry;
            for (ActionRecord record : entry.recentActions()) {
                if (running(record)) {
                    settled = settle(settled, record, told.getOrDefault(record.key(), List.of()));
                }
            }
            ledger.put(settled);
        }
    }

    private LedgerEntry settle(LedgerEntry entry, ActionRecord record, List<RemediationEvent> told) {
        Optional<RemediationEvent> end = told.stream()
                .filter(event -> event.phase() == RemediationPhase.VERIFIED || event.phase() == RemediationPhase.FAILED)
                .findFirst();
        boolean startTold = told.stream().anyMatch(event -> event.phase() == RemediationPhase.STARTED);
        if (end.isEmpty() && !startTold) { // the action runs only once its start is published: it never ran
            events.publish(RemediationPhase.SKIPPED, record.incidentId(), versionOf(record.key()), record.playbook(),
                    entry.target(), "stopped before the action ran; it is not run again automatically", null, entry);
            List<ActionRecord> records = new ArrayList<>(entry.recentActions());
            records.removeIf(other -> other.key().equals(record.key()) && running(other));
            return with(entry, records, entry.cooldownUntil(), entry.failedVerifications(), entry.blockedForIncident());
        }
        if (end.isEmpty()) {
            events.publish(RemediationPhase.FAILED, record.incidentId(), versionOf(record.key()), record.playbook(),
                    entry.target(), INTERRUPTED,
                    "the remediator stopped while the action ran; it is not run again automatically", entry);
            return finished(entry, record.key(), INTERRUPTED, record.incidentId());
        }
        LOG.info("{}: the end of {} was published before the remediator stopped; recorded it", entry.target(), record.key());
        LedgerEntry finished = finished(entry, record.key(), outcomeOf(end.get()), record.incidentId());
        boolean escalationTold = told.stream().anyMatch(event -> event.phase() == RemediationPhase.ESCALATED);
        if (finished.blockedForIncident() != null && entry.blockedForIncident() == null && !escalationTold) {
            events.publish(RemediationPhase.ESCALATED, record.incidentId(), versionOf(record.key()), record.playbook(),
                    entry.target(), escalation(entry.target(), finished), null, finished);
        }
        return finished;
    }

    private static String outcomeOf(RemediationEvent end) {
        if (end.phase() == RemediationPhase.VERIFIED) {
            return "verified";
        }
        String reason = end.data().reason();
        if (INTERRUPTED.equals(reason)) {
            return INTERRUPTED; // told by the replica that owned the subject before
        }
        return reason != null && reason.startsWith(REFUSED) ? "refused" : "failed";
    }

    /** Started and not ended: running, or interrupted by a stop that nobody has reported yet. */
    static boolean running(ActionRecord record) {
        return record.outcome().equals(STARTED);
    }

    /** The key of one decision: this version of this incident, answered by this playbook. */
    public static String decisionKey(String incidentId, String playbook, long version) {
        return incidentId + "/" + playbook + "/" + version;
    }

    /** Actions started in the last hour over every playbook and target (what the global budget counts). */
    public int actionsInLastHour() {
        return bounds.actionsInLastHour();
    }

    public boolean paused() {
        return bounds.paused();
    }

    public synchronized void setPaused(boolean paused) {
        ledger.put(new LedgerEntry(LedgerEntry.CONTROL, List.of(), null, List.of(), 0, null, paused, clock.instant(),
                List.of()));
        LOG.warn("remediation {}", paused ? "paused: no action will run until resumed" : "resumed");
    }

    private void consider(Step step, Incident incident) {
        Playbook playbook = step.playbook();
        String key = decisionKey(incident.id(), playbook.name(), incident.version());
        Instant now = clock.instant();
        LedgerEntry entry = pruned(ledger.get(step.subject()).orElseGet(() -> empty(step.subject())), now);
        if (entry.doneKeys().contains(key)) {
            return; // this incident version was already decided for this playbook: a redelivery
        }
        Optional<String> refusal = bounds.refusal(playbook, entry, now);
        if (refusal.isPresent()) {
            remember(entry, key, now);
            events.publish(RemediationPhase.SKIPPED, incident, playbook, entry.target(), refusal.get(), null, entry);
            return;
        }
        Playbook.Mode mode = playbook.mode().map(settings.mode()::mostCautious).orElse(settings.mode());
        events.publish(RemediationPhase.PLANNED, incident, playbook, entry.target(),
                "matched " + describeTrigger(incident, playbook), null, entry);
        if (mode == Playbook.Mode.DRY_RUN) {
            remember(entry, key, now);
            events.publish(RemediationPhase.SKIPPED, incident, playbook, entry.target(),
                    "dry-run: would run " + playbook.action() + " on " + entry.target(), null, entry);
            return;
        }
        if (mode == Playbook.Mode.APPROVAL) {
            approvals.ask(step, incident, with(entry, entry.recentActions(), entry.cooldownUntil(),
                    entry.failedVerifications(), entry.blockedForIncident(), key), key, now);
            return;
        }
        enforce(step, incident, entry, key, now, null);
    }

    /**
     * What became of an approval request: run, rejected, refused (approved, but a bound no longer
     * allows it), or unknown here (never made, already decided, expired, or held by another replica).
     */
    public enum Decision { RUN, REJECTED, REFUSED, UNKNOWN }

    /**
     * A human's answer to an {@code awaiting_approval} event (its id). An approved action still
     * passes every bound again: the target may have been acted on since.
     */
    public synchronized Decision decide(String approvalId, boolean approve, String who) {
        Optional<ApprovalRequests.Held> held = approvals.take(approvalId);
        if (held.isEmpty()) {
            return Decision.UNKNOWN;
        }
        ApprovalRequests.Held request = held.get();
        Instant now = clock.instant();
        Step step = request.step();
        LedgerEntry current = pruned(ledger.get(step.subject()).orElseGet(() -> empty(step.subject())), now);
        LedgerEntry entry = ApprovalRequests.without(current, approvalId);
        if (!approve) {
            events.publish(RemediationPhase.SKIPPED, request.incident(), step.playbook(), entry.target(),
                    "rejected by " + who, null, entry);
            ledger.put(entry); // told first, then recorded: a restart in between finds it told (restoreApprovals)
            return Decision.REJECTED;
        }
        Optional<String> refusal = bounds.refusal(step.playbook(), entry, now);
        if (refusal.isPresent()) {
            events.publish(RemediationPhase.SKIPPED, request.incident(), step.playbook(), entry.target(),
                    "approved by " + who + ", but " + refusal.get(), null, entry);
            ledger.put(entry);
            return Decision.REFUSED;
        }
        // its start, recorded first, drops the request; the started event says who approved it (the audit trail)
        enforce(step, request.incident(), entry, request.key(), now, "approved by " + who);
        return Decision.RUN;
    }

    /** Approval requests past their time are answered for the human: skipped, expired. */
    public synchronized void expireApprovals() {
        approvals.expire();
    }

    /**
     * A human's answer to an approval request that another replica holds (it owns the request's
     * target, so it alone decides): the plan that carries it there. Empty when no ledger entry
     * holds the request.
     */
    public Optional<RemediationPlan> answerFor(String approvalId, boolean approve, String who) {
        return approvals.answerFor(approvalId, approve, who);
    }

    /** The open approval requests over every replica (the ledger's), by the id of their {@code awaiting_approval} event. */
    public Map<String, Instant> pendingApprovals() {
        return approvals.open();
    }

    /**
     * The open approval requests over every replica, the oldest first, each with what it would run
     * on what, for which incident, and whether this replica holds it. Synchronized: it reads which
     * requests this replica holds.
     */
    public synchronized List<OpenApproval> openApprovals() {
        return approvals.list(name -> playbookNamed(name).map(Playbook::action).orElse("unknown"));
    }

    /** The open approval requests this replica holds, and so answers itself (those of the targets it owns). */
    public synchronized Set<String> heldApprovals() {
        return approvals.held();
    }

    /**
     * When this replica takes over subjects (at start-up, or from a replica that left): the
     * approval requests their ledger entries hold become this replica's to answer
     * ({@link ApprovalRequests#restore}).
     */
    public synchronized void restoreApprovals(Predicate<String> owned, PublishedEvents published) {
        approvals.restore(owned, published, this::stepFor);
    }

    /** When this replica gives subjects up: their approval requests are the next owner's to answer. */
    public synchronized void forgetApprovals(Predicate<String> given) {
        approvals.forget(given);
    }

    /**
     * When this replica takes subjects over: the actions they left unfinished are settled
     * ({@link #settleUnfinished}), and their approval requests restored ({@link #restoreApprovals}).
     */
    public synchronized void takeOver(Predicate<String> owned, PublishedEvents published) {
        settleUnfinished(owned, published);
        restoreApprovals(owned, published);
    }

    /** Runs the step; {@code startedBecause}: the {@code started} event's reason ({@code null} for none). */
    @SuppressWarnings("unchecked")
    private <T extends Target> void enforce(Step step, Incident incident, LedgerEntry entry, String key, Instant now,
                                            String startedBecause) {
        Playbook playbook = step.playbook();
        RemediationAction<T> action = (RemediationAction<T>) actions.get(playbook.action());
        T target = (T) step.target();
        List<ActionRecord> records = new ArrayList<>(entry.recentActions());
        records.add(new ActionRecord(now, playbook.name(), key, incident.id(), STARTED));
        LedgerEntry started = with(entry, records, now.plus(playbook.bounds().cooldown()), entry.failedVerifications(),
                null, key);
        ledger.put(started); // durable before acting: a redelivery or a restart never runs it again
        events.publish(RemediationPhase.STARTED, incident, playbook, step.subject(), startedBecause, null, started);

        Outcome outcome;
        try {
            ActionResult result = action.run(target, step.params());
            events.publish(RemediationPhase.SUCCEEDED, incident, playbook, step.subject(), null, result.outcome(), started);
            outcome = awaitVerified(action, target, step, result)
                    ? new Outcome("verified", result.outcome(), null)
                    : new Outcome("failed", result.outcome(), "not verified within " + playbook.verify().timeout());
        } catch (ActionRefusedException e) {
            outcome = new Outcome("refused", null, REFUSED + e.getMessage());
        } catch (Exception e) {
            LOG.warn("{} on {} failed", playbook.action(), step.subject(), e);
            outcome = new Outcome("failed", null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        finish(step, incident, started, key, outcome);
    }

    /**
     * How a run ended: {@code verified}, {@code failed} (counts towards blocking the subject) or
     * {@code refused} (the action declined to touch it; nothing changed, nothing counted).
     */
    private record Outcome(String status, String result, String failure) {
    }

    private <T extends Target> boolean awaitVerified(RemediationAction<T> action, T target, Step step,
                                                     ActionResult result) throws Exception {
        Instant deadline = clock.instant().plus(step.playbook().verify().timeout());
        while (true) {
            if (action.verified(target, step.params(), result)) {
                return true;
            }
            if (!clock.instant().isBefore(deadline)) {
                return false;
            }
            sleeper.sleep(step.playbook().verify().interval());
        }
    }

    /**
     * The end is published first, then recorded in the ledger: if the remediator stops in between,
     * {@link #settleUnfinished} finds the published end and records it, so the end is told once.
     */
    private void finish(Step step, Incident incident, LedgerEntry started, String key, Outcome outcome) {
        LedgerEntry finished = finished(started, key, outcome.status(), incident.id());
        Playbook playbook = step.playbook();
        if (outcome.status().equals("verified")) {
            events.publish(RemediationPhase.VERIFIED, incident, playbook, step.subject(), null, outcome.result(), finished);
        } else {
            events.publish(RemediationPhase.FAILED, incident, playbook, step.subject(), outcome.failure(), outcome.result(),
                    finished);
            if (finished.blockedForIncident() != null) {
                events.publish(RemediationPhase.ESCALATED, incident, playbook, step.subject(),
                        escalation(step.subject(), finished), null, finished);
            }
        }
        ledger.put(finished);
    }

    /**
     * The ledger entry once the run of {@code key} ended with {@code status}: {@code verified} clears
     * the failure count, {@code refused} and {@code interrupted} leave it, {@code failed} adds one, and
     * reaching {@code quell.remediator.failures-to-block} blocks the subject until the incident resolves.
     */
    private LedgerEntry finished(LedgerEntry started, String key, String status, String incidentId) {
        List<ActionRecord> records = new ArrayList<>();
        for (ActionRecord record : started.recentActions()) {
            records.add(record.key().equals(key) && running(record)
                    ? new ActionRecord(record.at(), record.playbook(), key, record.incidentId(), status)
                    : record);
        }
        int failures = switch (status) {
            case "verified" -> 0;
            case "refused", INTERRUPTED -> started.failedVerifications();
            default -> started.failedVerifications() + 1;
        };
        String blocked = started.blockedForIncident() != null ? started.blockedForIncident()
                : failures >= settings.failuresToBlock() ? incidentId : null;
        return with(started, records, started.cooldownUntil(), failures, blocked);
    }

    private static String escalation(String subject, LedgerEntry finished) {
        return subject + " failed " + finished.failedVerifications()
                + " times; no more automatic actions on it until this incident resolves";
    }

    private void unblock(String target, String incidentId) {
        ledger.get(target).filter(entry -> incidentId.equals(entry.blockedForIncident())).ifPresent(entry -> {
            ledger.put(with(entry, entry.recentActions(), entry.cooldownUntil(), 0, null));
            LOG.info("{} unblocked: incident {} resolved", target, incidentId);
        });
    }

    private void remember(LedgerEntry entry, String key, Instant now) {
        ledger.put(with(entry, entry.recentActions(), entry.cooldownUntil(), entry.failedVerifications(),
                entry.blockedForIncident(), key));
    }

    private LedgerEntry pruned(LedgerEntry entry, Instant now) {
        List<ActionRecord> recent = Bounds.inWindow(entry, now);
        return recent.size() == entry.recentActions().size() ? entry
                : with(entry, recent, entry.cooldownUntil(), entry.failedVerifications(), entry.blockedForIncident());
    }

    private LedgerEntry with(LedgerEntry entry, List<ActionRecord> records, Instant cooldownUntil, int failures,
                             String blocked, String... newKeys) {
        List<String> keys = new ArrayList<>(entry.doneKeys());
        keys.addAll(List.of(newKeys));
        if (keys.size() > 1_000) {
            keys = keys.subList(keys.size() - 1_000, keys.size());
        }
        return new LedgerEntry(entry.target(), records, cooldownUntil, keys, failures, blocked, entry.paused(),
                clock.instant(), entry.awaitingApproval());
    }

    private static LedgerEntry empty(String target) {
        return new LedgerEntry(target, List.of(), null, List.of(), 0, null, null, Instant.EPOCH, List.of());
    }

    private static long versionOf(String key) {
        try {
            return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
        } catch (RuntimeException e) {
            return 1;
        }
    }

    private static String describeTrigger(Incident incident, Playbook playbook) {
        return incident.severity() + " incident " + incident.id() + " on " + incident.correlationKey()
                + " by playbook " + playbook.name();
    }
}
