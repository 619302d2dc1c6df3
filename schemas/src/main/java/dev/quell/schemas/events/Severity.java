package dev.quell.schemas.events;

import java.time.Duration;

/** Incident severity, from the seeds' P0–P3 policy: what it means and how fast someone must respond. */
public enum Severity {
    /** Service completely unavailable. */
    P0(Duration.ofMinutes(15)),
    /** Core function affected. */
    P1(Duration.ofHours(1)),
    /** Part of the function affected. */
    P2(Duration.ofHours(4)),
    /** Performance degraded. */
    P3(Duration.ofHours(24));

    private final Duration respondWithin;

    Severity(Duration respondWithin) {
        this.respondWithin = respondWithin;
    }

    public Duration respondWithin() {
        return respondWithin;
    }

    /** True when this severity is more urgent than {@code other} (P0 outranks P1). */
    public boolean outranks(Severity other) {
        return ordinal() < other.ordinal();
    }
}
