package dev.quell.schemas.events;

/**
 * Incident severity, from the seeds' P0–P3 policy. How fast someone must respond to each is the
 * classification rules' {@code respond_within} (15 min, 1 h, 4 h, 24 h by default).
 */
public enum Severity {
    /** Service completely unavailable. */
    P0,
    /** Core function affected. */
    P1,
    /** Part of the function affected. */
    P2,
    /** Performance degraded. */
    P3;

    /** True when this severity is more urgent than {@code other} (P0 outranks P1). */
    public boolean outranks(Severity other) {
        return ordinal() < other.ordinal();
    }
}
