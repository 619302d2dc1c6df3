package dev.quell.schemas.events;

import java.time.Instant;
import java.util.List;

/**
 * The remediator's durable memory of one target on {@code quell.remediation-ledger.v1}
 * (compacted, keyed by target): the latest entry is the whole state, so a restarted or second
 * remediator restores budgets, cooldowns and what it already did.
 *
 * @param recentActions        the actions on the target within the last hour (the budget window), oldest first
 * @param cooldownUntil        no action on the target before this time
 * @param doneKeys             idempotency keys (incident id + playbook + incident version) already acted on
 * @param failedVerifications  consecutive failed verifications on the target
 * @param blockedForIncident   the incident for which automatic actions stopped after repeated failures, or {@code null}
 * @param paused               only on the entry of target {@value #CONTROL}: the global pause switch
 * @param awaitingApproval     the requests for a human's approval of an action on the target, not yet decided nor expired
 */
public record LedgerEntry(
        String target,
        List<ActionRecord> recentActions,
        Instant cooldownUntil,
        List<String> doneKeys,
        int failedVerifications,
        String blockedForIncident,
        Boolean paused,
        Instant updatedAt,
        List<ApprovalRequest> awaitingApproval) {

    /** The key of the entry that holds the remediator's global switches rather than a target's state. */
    public static final String CONTROL = "*";

    public LedgerEntry {
        recentActions = recentActions == null ? List.of() : List.copyOf(recentActions);
        doneKeys = doneKeys == null ? List.of() : List.copyOf(doneKeys);
        awaitingApproval = awaitingApproval == null ? List.of() : List.copyOf(awaitingApproval);
    }

    /**
     * One action on the target.
     *
     * @param key     the idempotency key: incident id / playbook / incident version
     * @param outcome {@code started}, then {@code succeeded}, {@code verified}, {@code failed} or {@code interrupted}
     */
    public record ActionRecord(Instant at, String playbook, String key, String incidentId, String outcome) {
    }

    /**
     * A request for a human's approval, kept until it is decided or expires, so that a restarted
     * remediator, or the replica that takes the target over, still answers it.
     *
     * @param id          the id of its {@code awaiting_approval} event: what the human approves or rejects
     * @param key         the decision's idempotency key: incident id / playbook / incident version
     * @param incident    the incident version the action would answer (its params come from it)
     */
    public record ApprovalRequest(String id, String key, String playbook, Instant requestedAt, Instant expiresAt,
                                  Incident incident) {
    }
}
