package dev.quell.streams.engine;

import java.time.Instant;

/** A log signal on one correlation key: {@code count} lines of {@code signature} at {@code at}. */
public record LogSignalHit(String signature, long count, Instant at, String sample) {
}
