package dev.quell.standalone;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
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
    private static final long POLL_MILLIS = 100;

    private final Supplier<List<String>> notReady;
    private final PrintStream console;
    private final Duration noticeAfter;
    private final Thread thread;

    /**
     * @param notReady    what is not ready yet, one line each; empty once everything is
     * @param noticeAfter how long to wait before saying what is not ready, and between two such notices
     */
    private ReadinessWatch(Supplier<List<String>> notReady, PrintStream console, Duration noticeAfter) {
        this.notReady = notReady;
        this.console = console;
        this.noticeAfter = noticeAfter;
        this.thread = new Thread(this::watch, "quell-readiness");
        this.thread.setDaemon(true);
    }

    static ReadinessWatch start(Supplier<List<String>> notReady, PrintStream console, Duration noticeAfter) {
        ReadinessWatch watch = new ReadinessWatch(notReady, console, noticeAfter);
        watch.thread.start();
        return watch;
    }

    private void watch() {
        long started = System.nanoTime();
        long nextNotice = noticeAfter.toNanos();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                List<String> waiting = notReady.get();
                long waited = System.nanoTime() - started;
                if (waiting.isEmpty()) {
                    console.println(READY);
                    console.flush();
                    LOG.info("Quell ready, {} ms after its services started", Duration.ofNanos(waited).toMillis());
                    return;
                }
                if (waited >= nextNotice) {
                    console.println("Not ready yet after " + Duration.ofNanos(waited).toSeconds() + " s, waiting for: "
                            + String.join("; ", waiting));
                    console.flush();
                    nextNotice += noticeAfter.toNanos();
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt(); // Quell stops before it was ready
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
