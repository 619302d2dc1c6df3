package dev.quell.remediator.engine;

import dev.quell.remediator.playbooks.Playbook;

/**
 * @param mode              {@code quell.remediator.mode}: the most a playbook may do (dry-run, the default, touches nothing)
 * @param budgetPerHour     {@code quell.remediator.budget-per-hour}: actions per hour over every playbook and target
 * @param failuresToBlock   failed verifications on a target after which it gets no automatic action until its incident resolves
 * @param maxConcurrent     actions in flight at once over every replica (started, not yet finished, per the ledger)
 * @param approvalTimeout   how long an approval request waits for a human before it expires
 * @param source            the CloudEvents {@code source} of the events
 */
public record RemediatorSettings(Playbook.Mode mode, int budgetPerHour, int failuresToBlock, int maxConcurrent,
                                 java.time.Duration approvalTimeout, String source) {

    public static final String SOURCE = "/quell/remediator";
}
