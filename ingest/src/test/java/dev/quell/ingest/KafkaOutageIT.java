package dev.quell.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import dev.quell.ingest.http.InFlightBytes;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The answer comes after the acks: with the broker stopped a webhook gets 503 with Retry-After
 * (never 200) within the bound, and once the broker is back the retry lands exactly once.
 */
@MicronautTest
class KafkaOutageIT extends OwnBrokerTestSupport {

    @Inject
    InFlightBytes inFlight;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("quell.ingest.ack-timeout", "4s", "quell.ingest.retry-after", "7s",
                "quell.ingest.max-body-size", "64KB", "quell.ingest.max-in-flight-size", "64KB");
    }

    @Test
    void shouldAnswer503WhileKafkaIsDownAndLandTheRetryExactlyOnce() {
        stopKafka();

        long started = System.nanoTime();
        HttpResponse<String> duringOutage = post("/webhooks/alertmanager", "application/json", webhook("first-try"));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(duringOutage.statusCode()).isEqualTo(503);
        assertThat(duringOutage.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(duringOutage.body()).contains("urn:quell:problem:kafka-unavailable", "retry");
        assertThat(tookMillis).as("answered once the producer gave up, within its bound plus margin")
                .isLessThan(50_000);

        restartKafka();
        // Alertmanager retries a 503 until it gets its 200; a record of a refused try must never land
        AtomicInteger tries = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            tries.incrementAndGet();
            return post("/webhooks/alertmanager", "application/json", webhook("retry")).statusCode() == 200;
        });

        List<String> attempts = readAll(topics.alerts()).stream()
                .map(record -> record.value().labels().get("attempt")).toList();
        assertThat(attempts).as("what was refused while Kafka was down never lands").doesNotContain("first-try");
        assertThat(attempts).as("the retry that got its 200 landed").contains("retry");
        // A try answered 503 after Kafka came back may still have been written (its acknowledgement came too
        // late): never more copies than tries, and the streams service drops such repeats of one alert.
        assertThat(attempts).hasSizeLessThanOrEqualTo(tries.get());
    }

    /**
     * Over the in-flight budget each peer gets the answer it retries: a log shipper 429, Alertmanager
     * 503 — it retries only 5xx, and a notification answered 429 is dropped until the group is sent again.
     */
    @Test
    void shouldAnswerEachPeerWhatItRetriesWhileTheInFlightBudgetIsTakenByRequestsWaitingForKafka() throws Exception {
        stopKafka();
        try {
            byte[] big = webhook("holds-the-budget", "x".repeat(60 * 1024));
            CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(
                    () -> post("/webhooks/alertmanager", "application/json", big));
            await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.inFlight() >= big.length);

            HttpResponse<String> webhookRefused = post("/webhooks/alertmanager", "application/json",
                    webhook("one-too-many", "y".repeat(5 * 1024)));
            HttpResponse<String> logsRefused = post("/logs", "application/x-ndjson",
                    ("{\"message\":\"" + "z".repeat(5 * 1024) + "\"}\n").getBytes(StandardCharsets.UTF_8));

            assertThat(webhookRefused.statusCode()).isEqualTo(503);
            assertThat(webhookRefused.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(webhookRefused.body()).contains("urn:quell:problem:too-many-requests");
            assertThat(logsRefused.statusCode()).isEqualTo(429);
            assertThat(logsRefused.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(logsRefused.body()).contains("urn:quell:problem:too-many-requests");
            assertThat(waiting.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
            await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.inFlight() == 0);
        } finally {
            restartKafka();
        }
    }

    private static byte[] webhook(String attempt) {
        return webhook(attempt, "");
    }

    private static byte[] webhook(String attempt, String padding) {
        return ("""
                {"version":"4","status":"firing","receiver":"quell","groupKey":"{}:{alertname=\\"ServiceDown\\"}",
                 "alerts":[{"status":"firing","startsAt":"2026-11-20T08:15:42Z","endsAt":"0001-01-01T00:00:00Z",
                   "labels":{"alertname":"ServiceDown","job":"rag-pipeline","severity":"critical","attempt":"%s"},
                   "annotations":{"padding":"%s"}}]}
                """.formatted(attempt, padding)).getBytes(StandardCharsets.UTF_8);
    }
}
