package dev.quell.remediator.engine;

import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.LedgerEntry;
import dev.quell.schemas.events.LedgerEntry.ApprovalRequest;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import dev.quell.schemas.events.RemediationPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The approval requests of the engine's steps in {@code approval} mode: each is recorded in its
 * subject's ledger entry before its {@code awaiting_approval} event is told, held by the replica
 * that owns the subject until a human answers it ({@link #take}) or it expires, restored by the
 * replica that takes the subject over, forgotten by the one that gives it up. What an answer
 * does is the engine's ({@link RemediationEngine#decide(String, boolean, String)}). Used under
 * the engine's lock.
 */
final class ApprovalRequests {

    /** How the engine makes a step from what a request recorded, as this replica can take it now. */
    interface Steps {
        Step.OrWhyNot stepFor(String playbook, String subject, Incident incident);
    }

    /** A request this replica holds: the step it would run, for which incident version, under which decision key. */
    record Held(Step step, Incident incident, String key, Instant expiresAt) {
    }

    private final Ledger ledger;
    private final StepEvents events;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, Held> held = new LinkedHashMap<>();

    ApprovalRequests(Ledger ledger, StepEvents events, Duration timeout, Clock clock) {
        this.ledger = ledger;
        this.events = events;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * Asks a human. {@code entry} is the subject's ledger entry with the decision's key already
     * remembered; the request is added to it and recorded before the event is told, so a restart
     * (or the replica that takes the subject over) still answers it — and tells it, if the stop
     * came before it was told.
     */
    void ask(Step step, Incident incident, LedgerEntry entry, String key, Instant now) {
        Instant expiresAt = now.plus(timeout);
        String id = UUID.randomUUID().toString();
        RemediationEvent request = events.event(RemediationPhase.AWAITING_APPROVAL, id, incident, step.playbook(),
                entry.target(), reason(id, expiresAt), entry);
        List<ApprovalRequest> requests = new ArrayList<>(entry.awaitingApproval());
        requests.add(new ApprovalRequest(id, key, step.playbook().name(), now, expiresAt, incident));
        ledger.put(withApprovals(entry, requests));
        events.publish(incident.id(), request);
        held.put(id, new Held(step, incident, key, expiresAt));
    }

    /** The request with this id, no longer held (requests past their time expire first); empty if this replica holds none. */
    Optional<Held> take(String approvalId) {
        expire();
        return Optional.ofNullable(held.remove(approvalId));
    }

    /** Requests past their time are answered for the human: skipped, expired, and dropped from the ledger. */
    void expire() {
        Instant now = clock.instant();
        held.entrySet().removeIf(waiting -> {
            Held request = waiting.getValue();
            if (now.isBefore(request.expiresAt())) {
                return false;
            }
            String subject = request.step().subject();
            Optional<LedgerEntry> entry = ledger.get(subject);
            events.publish(RemediationPhase.SKIPPED, request.incident(), request.step().playbook(), subject,
                    "approval expired at " + request.expiresAt(), null, entry.orElse(null));
            entry.ifPresent(known -> ledger.put(without(known, waiting.getKey())));
            return true;
        });
    }

    /**
     * A human's answer to a request another replica holds (it owns the request's subject, so it
     * alone decides): the plan that carries it there. Empty when no ledger entry holds the request.
     */
    Optional<RemediationPlan> answerFor(String approvalId, boolean approve, String who) {
        for (LedgerEntry entry : ledger.all()) {
            for (ApprovalRequest request : entry.awaitingApproval()) {
                if (request.id().equals(approvalId)) {
                    return Optional.of(new RemediationPlan(entry.target(), request.playbook(), request.incident(),
                            new RemediationPlan.Answer(approvalId, approve, who)));
                }
            }
        }
        return Optional.empty();
    }

    /** The open requests over every replica (as the ledger holds them), by id, with when each expires. */
    Map<String, Instant> open() {
        Map<String, Instant> open = new TreeMap<>();
        ledger.all().forEach(entry -> entry.awaitingApproval().forEach(request -> open.put(request.id(), request.expiresAt())));
        return open;
    }

    /** The same requests whole, the oldest first; {@code actionOf} names a playbook's action. */
    List<OpenApproval> list(Function<String, String> actionOf) {
        List<OpenApproval> open = new ArrayList<>();
        for (LedgerEntry entry : ledger.all()) {
            for (ApprovalRequest request : entry.awaitingApproval()) {
                Incident incident = request.incident();
                open.add(new OpenApproval(request.id(), request.playbook(), actionOf.apply(request.playbook()),
                        entry.target(), incident.id(), incident.version(), incident.severity(), incident.correlationKey(),
                        request.requestedAt(), request.expiresAt(), held.containsKey(request.id())));
            }
        }
        open.sort(Comparator.comparing(OpenApproval::requestedAt).thenComparing(OpenApproval::id));
        return open;
    }

    /** The ids of the requests this replica holds, and so answers itself. */
    Set<String> held() {
        return new TreeSet<>(held.keySet());
    }

    /**
     * When this replica takes over subjects: the requests their ledger entries hold become this
     * replica's to answer. One whose answer was told before the stop (its decision's {@code skipped}
     * or {@code started} is on the events topic) is dropped; one whose {@code awaiting_approval} was
     * never told is told now, with the id recorded; one whose playbook or target is no longer
     * configured here is {@code skipped}.
     */
    void restore(Predicate<String> owned, PublishedEvents published, Steps steps) {
        List<LedgerEntry> holding = ledger.all().stream()
                .filter(entry -> owned.test(entry.target()) && !entry.awaitingApproval().isEmpty())
                .toList();
        if (holding.isEmpty()) {
            return;
        }
        List<ApprovalRequest> requests = holding.stream().flatMap(entry -> entry.awaitingApproval().stream()).toList();
        Instant since = requests.stream().map(ApprovalRequest::requestedAt).min(Instant::compareTo).orElseThrow();
        Map<String, List<RemediationEvent>> told = published.since(since.minus(PublishedEvents.CLOCK_SKEW),
                requests.stream().map(ApprovalRequest::key).toList());
        for (LedgerEntry entry : holding) {
            LedgerEntry kept = entry;
            for (ApprovalRequest request : entry.awaitingApproval()) {
                if (!restore(entry, request, told.getOrDefault(request.key(), List.of()), steps)) {
                    kept = without(kept, request.id());
                }
            }
            if (kept != entry) {
                ledger.put(kept);
            }
        }
    }

    /** Whether the request still waits for its answer here (see {@link #restore(Predicate, PublishedEvents, Steps)}). */
    private boolean restore(LedgerEntry entry, ApprovalRequest request, List<RemediationEvent> told, Steps steps) {
        if (told.stream().anyMatch(event -> event.phase() == RemediationPhase.SKIPPED
                || event.phase() == RemediationPhase.STARTED)) {
            return false;
        }
        Incident incident = request.incident();
        Step.OrWhyNot found = steps.stepFor(request.playbook(), entry.target(), incident);
        if (found.step() == null) {
            events.publish(RemediationPhase.SKIPPED, incident.id(), incident.version(), request.playbook(), entry.target(),
                    "approval request dropped: " + found.whyNot(), null, entry);
            return false;
        }
        Step step = found.step();
        if (told.stream().noneMatch(event -> event.id().equals(request.id()))) {
            events.publish(incident.id(), events.event(RemediationPhase.AWAITING_APPROVAL, request.id(), incident,
                    step.playbook(), entry.target(), reason(request.id(), request.expiresAt()), entry));
        }
        held.put(request.id(), new Held(step, incident, request.key(), request.expiresAt()));
        return true;
    }

    /** When this replica gives subjects up: their requests are the next owner's to answer. */
    void forget(Predicate<String> given) {
        held.values().removeIf(request -> given.test(request.step().subject()));
    }

    /** The entry without the request {@code approvalId} (the same entry when it holds none by that id). */
    static LedgerEntry without(LedgerEntry entry, String approvalId) {
        List<ApprovalRequest> requests = new ArrayList<>(entry.awaitingApproval());
        return requests.removeIf(request -> request.id().equals(approvalId)) ? withApprovals(entry, requests) : entry;
    }

    private static LedgerEntry withApprovals(LedgerEntry entry, List<ApprovalRequest> requests) {
        return new LedgerEntry(entry.target(), entry.recentActions(), entry.cooldownUntil(), entry.doneKeys(),
                entry.failedVerifications(), entry.blockedForIncident(), entry.paused(), entry.updatedAt(), requests);
    }

    /** The request's reason: until when, and how to answer it — with its own id, as the one who answers types it. */
    static String reason(String id, Instant expiresAt) {
        return "approve or reject before " + expiresAt + ": quell approve " + id + " (or quell reject " + id
                + "; POST /api/v1/remediations/" + id + "/approve or /reject)";
    }
}
