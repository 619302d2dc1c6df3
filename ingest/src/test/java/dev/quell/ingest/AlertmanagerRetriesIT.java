package dev.quell.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quell.ingest.http.InFlightBytes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What ingest answers when it cannot take a webhook now is one the real Alertmanager retries
 * within the notification: refused over the in-flight budget while Kafka is down, the alert still
 * lands once Kafka is back — long before the group's next flush (two minutes here), which is all
 * a 429 would have left it (Alertmanager gives up on a 4xx at once).
 */
@MicronautTest
class AlertmanagerRetriesIT extends OwnBrokerTestSupport {

    private static final int BUDGET_BYTES = 64 * 1024;

    @Inject
    InFlightBytes inFlight;

    @Inject
    MeterRegistry meters;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("quell.ingest.ack-timeout", "6s", "quell.ingest.retry-after", "1s",
                "quell.ingest.max-body-size", "64KB", "quell.ingest.max-in-flight-size", "64KB");
    }

    @Test
    void shouldHaveAlertmanagerRetryAWebhookRefusedOverTheInFlightBudgetUntilItLands() throws Exception {
        stopKafka();
        byte[] nearlyTheBudget = webhook(BUDGET_BYTES - 200); // Alertmanager's webhook of one alert is larger
        CompletableFuture<HttpResponse<String>> holding = CompletableFuture.supplyAsync(() -> post(
                "/webhooks/alertmanager", "application/json", nearlyTheBudget));
        await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.inFlight() == nearlyTheBudget.length);

        try (RealAlertmanager alertmanager = new RealAlertmanager(freePort(),
                server.getURL() + "/webhooks/alertmanager", Duration.ofMinutes(2), "")) {
            alertmanager.fire("{\"alertname\":\"ServiceDown\",\"severity\":\"critical\",\"namespace\":\"one-data-system\","
                    + "\"service\":\"agent-api\"}", "{}");
            await().atMost(Duration.ofSeconds(20)).until(() -> refusedOverBudget() >= 1);

            assertThat(holding.get().statusCode()).as("the request holding the budget: Kafka is down").isEqualTo(503);
            restartKafka();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readAll(topics.alerts()))
                    .extracting(record -> record.value().alertname()).contains("ServiceDown"));
        }
    }

    private double refusedOverBudget() {
        return meters.find("quell.ingest.refused").tags("route", "webhook", "reason", "too-many-requests")
                .counters().stream().mapToDouble(Counter::count).sum();
    }

    /** A webhook of exactly {@code bytes} bytes (its annotation padded out). */
    private static byte[] webhook(int bytes) {
        String envelope = """
                {"version":"4","status":"firing","receiver":"quell","groupKey":"{}:{alertname=\\"Holding\\"}",
                 "alerts":[{"status":"firing","startsAt":"2026-11-20T08:15:42Z","endsAt":"0001-01-01T00:00:00Z",
                   "labels":{"alertname":"Holding","job":"rag-pipeline"},"annotations":{"padding":"%s"}}]}
                """;
        int padding = bytes - envelope.formatted("").getBytes(StandardCharsets.UTF_8).length;
        return envelope.formatted("x".repeat(padding)).getBytes(StandardCharsets.UTF_8);
    }
}
