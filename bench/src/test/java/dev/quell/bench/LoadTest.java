package dev.quell.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadTest {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final CountDownLatch answer = new CountDownLatch(1);
    private final ExecutorService serverThreads = Executors.newFixedThreadPool(32);
    private HttpServer server;

    @BeforeEach
    void startServerThatHoldsRequests() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(serverThreads);
        server.createContext("/hold", exchange -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                exchange.getRequestBody().readAllBytes();
                answer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                // before the answer: the client's next request may reach the server as soon as it is sent
                inFlight.decrementAndGet();
            }
            try {
                exchange.sendResponseHeaders(200, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        answer.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void openLoopKeepsAtMostItsConnectionsInFlightAndCountsTheWaitInTheLatency() throws Exception {
        Load load = new Load("http://127.0.0.1:" + server.getAddress().getPort() + "/hold", "application/json", 4);

        CompletableFuture<Load.Latency> run = CompletableFuture.supplyAsync(() -> {
            try {
                return load.openLoop(100, Duration.ofMillis(200), () -> "{}".getBytes());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() >= 4);
        // the other 16 requests are due within 200 ms; none may reach the server while 4 are held
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> mostInFlight.get() == 4);
        answer.countDown();
        Load.Latency latency = run.get(30, TimeUnit.SECONDS);

        assertThat(latency.requests()).isEqualTo(20);
        assertThat(latency.failures().total()).isZero();
        assertThat(mostInFlight.get()).isEqualTo(4);
        assertThat(latency.max()).as("the held requests' latency, counted from their intended start")
                .isGreaterThanOrEqualTo(500);
    }
}
