package dev.quell.streams.topology;

import java.time.Instant;

/** Error-level lines counted in one window of one key, with the latest as a sample. */
record ErrorBurst(long count, Instant firstSeen, Instant lastSeen, String sample) {

    static ErrorBurst empty() {
        return new ErrorBurst(0, null, null, null);
    }

    ErrorBurst add(Instant at, String message) {
        Instant first = firstSeen == null || at.isBefore(firstSeen) ? at : firstSeen;
        Instant last = lastSeen == null || at.isAfter(lastSeen) ? at : lastSeen;
        return new ErrorBurst(count + 1, first, last, message == null ? sample : LogSignals.sample(message));
    }
}
