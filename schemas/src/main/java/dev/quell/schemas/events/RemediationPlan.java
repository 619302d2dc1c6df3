package dev.quell.schemas.events;

/**
 * A playbook that matched an incident version, routed to the remediator replica that owns its
 * target: on {@code quell.remediation-plans.v1}, keyed by target, so that one replica alone
 * decides everything about one target.
 */
public record RemediationPlan(String target, String playbook, Incident incident) {
}
