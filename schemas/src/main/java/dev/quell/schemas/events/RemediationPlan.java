package dev.quell.schemas.events;

/**
 * A playbook that matched an incident version, routed to the remediator replica that owns its
 * target: on {@code quell.remediation-plans.v1}, keyed by target, so that one replica alone
 * decides everything about one target. Also carries a human's {@link Answer} to an approval
 * request to the replica that holds it.
 */
public record RemediationPlan(String target, String playbook, Incident incident, Answer answer) {

    /** A plan of a playbook for an incident version, as planning routes it. */
    public RemediationPlan(String target, String playbook, Incident incident) {
        this(target, playbook, incident, null);
    }

    /**
     * A human's answer to an approval request of the target, sent by a replica that does not own
     * the target to the one that does (which alone decides about it); {@code playbook} and
     * {@code incident} are the request's.
     *
     * @param approvalId the id of the request's {@code awaiting_approval} event
     * @param approve    approved, or rejected
     * @param who        who answered, as the events will say
     */
    public record Answer(String approvalId, boolean approve, String who) {
    }
}
