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
 */
public record LedgerEntry(
        String target,
        List<ActionRecord> recentActions,
        Instant cooldownUntil,
        List<String> doneKeys,
        int failedVerifications,
        String blockedForIncident,
        Boolean paused,
        Instant updatedAt) {

    /** The key of the entry that holds the remediator's global switches rather than a target's state. */
    public static final String CONTROL = "*";

    public LedgerEntry {
        recentActions = recentActions == null ? List.of() : List.copyOf(recentActions);
        doneKeys = doneKeys == null ? List.of() : List.copyOf(doneKeys);
    }

    /**
     * One action on the target.
     *
     * @param key     the idempotency key: incident id / playbook / incident version
     * @param outcome {@code started}, then {@code succeeded}, {@code verified}, {@code failed} or {@code interrupted}
     */
    public record ActionRecord(Instant at, String playbook, String key, String incidentId, String outcome) {
    }
}
