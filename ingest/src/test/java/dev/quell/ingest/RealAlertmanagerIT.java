package dev.quell.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.json.Json;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chain users run: a real Alertmanager (Debian's prometheus-alertmanager, installed by
 * scripts/prepare) routes an alert to Quell's webhook receiver with bearer credentials from its
 * {@code http_config}, and the alert lands in Kafka with the fingerprint Alertmanager gave it.
 */
@MicronautTest
class RealAlertmanagerIT extends IngestTestSupport {

    private static final String TOKEN = "alertmanager-sentinel-7a1b";

    private RealAlertmanager alertmanager;
    private TopicTail<AlertEvent> alerts;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("quell.auth.token", TOKEN);
    }

    @BeforeAll
    void startAlertmanager() throws Exception {
        alerts = tail(topics.alerts());
        alertmanager = new RealAlertmanager(freePort(), server.getURL() + "/webhooks/alertmanager",
                Duration.ofSeconds(5), """
                        http_config:
                          authorization:
                            type: Bearer
                            credentials: %s
                """.formatted(TOKEN));
    }

    @AfterAll
    void stopAlertmanager() {
        if (alertmanager != null) {
            alertmanager.close();
        }
        if (alerts != null) {
            alerts.close();
        }
    }

    @Test
    void shouldReceiveTheWebhookARealAlertmanagerSends() throws Exception {
        String labels = """
                {"alertname":"DatabasePoolExhausted","severity":"critical","namespace":"short-drama-prod",
                 "service":"short-drama-api","instance":"127.0.0.1:9"}""";
        alertmanager.fire(labels, "{\"summary\":\"数据库连接池即将耗尽\"}");

        List<AlertEvent> received = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            received.addAll(alerts.drain());
            assertThat(received).isNotEmpty();
        });

        AlertEvent alert = received.get(0);
        assertThat(alert.alertname()).isEqualTo("DatabasePoolExhausted");
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.correlationKey()).isEqualTo("short-drama-prod/short-drama-api");
        assertThat(alert.receiver()).isEqualTo("quell");
        assertThat(alert.groupKey()).contains("alertname=\"DatabasePoolExhausted\"");
        assertThat(alert.externalURL()).isNotBlank();
        assertThat(alert.annotations()).containsEntry("summary", "数据库连接池即将耗尽");
        JsonNode inAlertmanager = Json.mapper().readTree(alertmanager.api("GET", "/api/v2/alerts", null).body()).get(0);
        assertThat(alert.fingerprint()).isEqualTo(inAlertmanager.get("fingerprint").asText());
    }
}
