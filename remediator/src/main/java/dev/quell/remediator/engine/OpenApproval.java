package dev.quell.remediator.engine;

import dev.quell.schemas.events.Severity;
import java.time.Instant;

/**
 * An approval request not yet decided nor expired, as the on-call engineer weighs it: what would
 * run on what, for which incident, until when — and whether this replica holds it (decides it
 * itself) or carries the answer to the one that does.
 *
 * @param id        the id of its {@code awaiting_approval} event: what {@code approve} and {@code reject} name
 * @param action    the playbook's action, {@code unknown} if the playbook is no longer configured here
 * @param heldHere  this replica owns the target and decides the request itself
 */
public record OpenApproval(String id, String playbook, String action, String target, String incidentId,
                           long incidentVersion, Severity severity, String correlationKey, Instant requestedAt,
                           Instant expiresAt, boolean heldHere) {
}
