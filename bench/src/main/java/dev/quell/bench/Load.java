package dev.quell.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * HTTP load on one route: closed-loop for the most it takes, open-loop at a set rate for latency.
 * Each sender keeps one connection of its own ({@link HttpConnection}), as wrk does.
 */
final class Load {

    /** What a run got through: acknowledged requests and failures, over its duration. */
    record Throughput(long requests, Failures failures, Duration duration) {
        double perSecond() {
            return requests / (duration.toNanos() / 1e9);
        }
    }

    /** Latency percentiles in milliseconds, measured from each request's intended start. */
    record Latency(double ratePerSecond, long requests, Failures failures, double p50, double p99, double p999, double max) {
    }

    /** The most requests {@link #openLoop} has in flight at once (wrk2's connections). */
    static final int CONNECTIONS = 64;

    /** How long a request may take, connecting or answering, before it counts as failed. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI uri;
    private final String contentType;
    private final int connections;

    Load(String url, String contentType) {
        this(url, contentType, CONNECTIONS);
    }

    Load(String url, String contentType, int connections) {
        this.uri = URI.create(url);
        this.contentType = contentType;
        this.connections = connections;
    }

    /** {@code clients} threads, each sending its next request when the last one is answered. */
    Throughput closedLoop(int clients, Duration duration, Supplier<byte[]> bodies) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        Failures failed = new Failures();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(() -> {
                try (HttpConnection connection = connection()) {
                    while (System.nanoTime() < end) {
                        if (send(connection, bodies.get(), failed)) {
                            ok.incrementAndGet();
                        }
                    }
                }
            }, "bench-client-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Throughput(ok.get(), failed, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Requests started on a fixed schedule whatever the answers do (open loop), so a slow answer
     * cannot hold back the requests behind it: each latency is counted from when the request
     * should have started, which is what a user of the peer would see (no coordinated omission).
     * They are sent by {@code connections} threads ({@link #CONNECTIONS} unless told), one request
     * at a time each, as wrk2 keeps a fixed set of connections: a request due while all are busy
     * waits for one, and that wait counts in its latency. (An asynchronous client without that cap
     * opened a connection for every request waiting — over 3,000 at 90 % of the maximum, while
     * ingest's worker threads sat idle: docs/benchmarks.md.)
     */
    Latency openLoop(double ratePerSecond, Duration duration, Supplier<byte[]> bodies) throws Exception {
        Recorder recorder = new Recorder(3);
        Failures failed = new Failures();
        long total = (long) (ratePerSecond * duration.toNanos() / 1e9);
        long interval = (long) (1e9 / ratePerSecond);
        List<CompletableFuture<?>> inFlight = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(connections);
        List<HttpConnection> all = new ArrayList<>();
        BlockingQueue<HttpConnection> free = new ArrayBlockingQueue<>(connections);
        for (int i = 0; i < connections; i++) {
            all.add(connection());
        }
        free.addAll(all); // as many as there are sender threads: a sender always finds one
        long start = System.nanoTime();
        try {
            onSchedule(ratePerSecond, total, i -> {
                long intended = start + i * interval;
                byte[] body = bodies.get();
                inFlight.add(CompletableFuture.runAsync(() -> {
                    HttpConnection connection = free.remove();
                    try {
                        if (send(connection, body, failed)) {
                            recorder.recordValue(Math.max(1, (System.nanoTime() - intended) / 1_000));
                        }
                    } finally {
                        free.add(connection);
                    }
                }, senders));
            });
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } finally {
            senders.shutdownNow();
            all.forEach(HttpConnection::close);
        }
        Histogram histogram = recorder.getIntervalHistogram();
        return new Latency(ratePerSecond, histogram.getTotalCount(), failed,
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getMaxValue() / 1000.0);
    }

    /**
     * Runs {@code send(i)} for i = 0 … total-1 at a fixed rate on a scheduler and returns when the last
     * has started. A late start is not skipped: the scheduler catches up, and latencies count from the
     * intended start ({@code start + i / rate}).
     */
    static void onSchedule(double ratePerSecond, long total, java.util.function.LongConsumer send) throws Exception {
        if (total <= 0) {
            return;
        }
        java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            scheduler.scheduleAtFixedRate(() -> {
                long i = next.getAndIncrement();
                if (i < total) {
                    try {
                        send.accept(i);
                    } catch (RuntimeException e) {
                        sent.completeExceptionally(e);
                    }
                }
                if (i >= total - 1) {
                    sent.complete(null);
                }
            }, 0, (long) (1e9 / ratePerSecond), TimeUnit.NANOSECONDS);
            sent.get();
        } finally {
            scheduler.shutdownNow();
        }
    }

    private HttpConnection connection() {
        return new HttpConnection(uri, contentType, TIMEOUT);
    }

    /** Sends one request; true when it was answered 200, else counted in {@code failures}. */
    private static boolean send(HttpConnection connection, byte[] body, Failures failures) {
        try {
            int status = connection.post(body);
            if (status == 200) {
                return true;
            }
            failures.status(status);
        } catch (Exception e) {
            failures.error(e);
        }
        return false;
    }
}
