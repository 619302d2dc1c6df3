package dev.quell.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * Load that is not measured, a {@link #STEP} at a time, until a Quell JVM's JIT compilers are nearly
 * idle — read from its {@code jvm_compilation_time_ms_total} — or a limit has passed. A minute after
 * start, C2 still takes a third or more of the two cores compiling the hot paths of the broker, the
 * Kafka clients and the services (docs/benchmarks.md); what is measured then is a JVM warming up.
 */
final class JitSettling {

    /** How long each step loads the JVM before its compilation time is read again. */
    static final Duration STEP = Duration.ofSeconds(5);

    /** Nearly idle: the JIT compilers spent less than this compiling in the last {@link #STEP} (5 % of one core). */
    static final long SETTLED_MILLIS = 250;

    /** How long the settling took, and the JIT's compilation time in its last step ({@code -1}: no settling). */
    record Settled(Duration took, long lastStepMillis) {

        static final Settled NONE = new Settled(Duration.ZERO, -1);

        boolean quiet() {
            return lastStepMillis >= 0 && lastStepMillis < SETTLED_MILLIS;
        }

        /** For the report: how long {@code load} ran, and whether the JIT was quiet at the end. */
        String describe(String load) {
            if (took.isZero()) {
                return "no settling run, so the JIT may still have been compiling";
            }
            return String.format(Locale.ROOT, "%d s %s, %s (%,d ms of JIT compilation in the last %d s)", took.toSeconds(),
                    load, quiet() ? "until the JIT compilers were nearly idle" : "**and the JIT compilers were still busy at the limit**",
                    lastStepMillis, STEP.toSeconds());
        }
    }

    /** One step of load: it should last about {@link #STEP}. */
    interface Step {
        void run(int step) throws Exception;
    }

    private JitSettling() {
    }

    /** Runs {@code step} until the JVM at {@code serviceUrl} compiles less than {@link #SETTLED_MILLIS} in one, or {@code atMost} has passed. */
    static Settled settle(String what, String serviceUrl, Duration atMost, Step step) throws Exception {
        if (atMost.isZero()) {
            return Settled.NONE;
        }
        long started = System.nanoTime();
        long compiled = compilationMillis(serviceUrl);
        for (int i = 0; ; i++) {
            step.run(i);
            long now = compilationMillis(serviceUrl);
            long inStep = now - compiled;
            compiled = now;
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.err.printf(Locale.ROOT, "bench: %s settling, %d s: the JIT compiled for %,d ms in the last step%n",
                    what, took.toSeconds(), inStep);
            if (inStep < SETTLED_MILLIS || took.compareTo(atMost) >= 0) {
                return new Settled(took, inStep);
            }
        }
    }

    /** {@code jvm_compilation_time_ms_total} at {@code serviceUrl}: the time its JIT compilers have worked. */
    static long compilationMillis(String serviceUrl) throws Exception {
        double[] values = Prometheus.values(Prometheus.scrape(serviceUrl), "jvm_compilation_time_ms_total");
        if (values.length == 0) {
            throw new IllegalStateException(serviceUrl + "/prometheus has no jvm_compilation_time_ms_total");
        }
        return (long) values[0];
    }
}
