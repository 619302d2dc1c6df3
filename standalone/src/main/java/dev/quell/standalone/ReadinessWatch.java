package dev.quell.standalone;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the console when every service of {@code quell up} is ready — when {@code GET
 * /health/readiness} answers 200 —: "Quell is ready." once it is, and while it is not, what it
 * waits for (after {@code noticeAfter}, then every {@code noticeAfter} again), so that "ready"
 * on the console never comes before the services would take work, and a service that cannot
 * become ready (an Elasticsearch that does not answer, say) is named instead of waited on in silence.
 */
final class ReadinessWatch implements AutoCloseable {

    static final String READY = "Quell is ready.";
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessWatch.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Supplier<List<String>> notReady;
    private final PrintStream console;
    private final Duration noticeAfter;
    private final long started = System.nanoTime();
    private long nextNotice;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "quell-readiness");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param notReady    what is not ready yet, one line each; empty once everything is
     * @param noticeAfter how long to wait before saying what is not ready, and between two such notices
     */
    private ReadinessWatch(Supplier<List<String>> notReady, PrintStream console, Duration noticeAfter) {
        this.notReady = notReady;
        this.console = console;
        this.noticeAfter = noticeAfter;
        this.nextNotice = noticeAfter.toNanos();
    }

    static ReadinessWatch start(Supplier<List<String>> notReady, PrintStream console, Duration noticeAfter) {
        ReadinessWatch watch = new ReadinessWatch(notReady, console, noticeAfter);
        watch.scheduler.scheduleWithFixedDelay(watch::look, 0, POLL.toNanos(), TimeUnit.NANOSECONDS);
        return watch;
    }

    /** One look at the checks: "ready" and the watch ends, or a notice when one is due. */
    private void look() {
        List<String> waiting = waitingFor();
        long waited = System.nanoTime() - started;
        if (waiting.isEmpty()) {
            console.println(READY);
            console.flush();
            LOG.info("Quell ready, {} ms after its services started", Duration.ofNanos(waited).toMillis());
            scheduler.shutdown(); // no further look
        } else if (waited >= nextNotice) {
            console.println("Not ready yet after " + Duration.ofNanos(waited).toSeconds() + " s, waiting for: "
                    + String.join("; ", waiting));
            console.flush();
            nextNotice += noticeAfter.toNanos();
        }
    }

    private List<String> waitingFor() {
        try {
            return notReady.get();
        } catch (RuntimeException e) { // a check that fails is a check not passed; the watch goes on
            return List.of("the readiness checks (" + e + ")");
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
