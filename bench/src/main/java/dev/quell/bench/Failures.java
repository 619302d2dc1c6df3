package dev.quell.bench;

import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Requests that did not get a 200, counted by why: the status they got (429 or 503: ingest over
 * its in-flight budget — 503 on the webhook route — or Kafka not acknowledging in time) or the
 * error the client saw. Thread-safe.
 */
final class Failures {

    private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();

    void status(int status) {
        count(String.valueOf(status));
    }

    void error(Throwable error) {
        count(error instanceof SocketTimeoutException ? "client timeout" : error.getClass().getSimpleName());
    }

    long total() {
        return byReason.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** {@code 0}, or the total and each reason: {@code 636 (429: 600, 503: 36)}. */
    @Override
    public String toString() {
        if (byReason.isEmpty()) {
            return "0";
        }
        return total() + new TreeMap<>(byReason).entrySet().stream()
                .map(reason -> reason.getKey() + ": " + reason.getValue().sum())
                .collect(Collectors.joining(", ", " (", ")"));
    }

    private void count(String reason) {
        byReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }
}
