package dev.quell.schemas.events;

import java.time.Instant;
import java.util.List;

/**
 * The remediator's durable memory of one target on {@code quell.remediation-ledger.v1}
 * (compacted, keyed by target): the latest entry is the whole state, so a restarted or second
 * remediator restores budgets, cooldowns and what it already did.
 *
 * @param recentActions        start times of actions within the longest budget window
 * @param cooldownUntil        no action on the target before this time
 * @param doneKeys             idempotency keys (incident id + playbook + incident version) already acted on
 * @param failedVerifications  consecutive failed verifications on the target
 * @param blockedForIncident   the incident for which automatic actions stopped after repeated failures, or {@code null}
 */
public record LedgerEntry(
        String target,
        List<Instant> recentActions,
        Instant cooldownUntil,
        List<String> doneKeys,
        int failedVerifications,
        String blockedForIncident,
        Instant updatedAt) {

    public LedgerEntry {
        recentActions = recentActions == null ? List.of() : List.copyOf(recentActions);
        doneKeys = doneKeys == null ? List.of() : List.copyOf(doneKeys);
    }
}
