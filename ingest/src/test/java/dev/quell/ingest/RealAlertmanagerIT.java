package dev.quell.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.json.Json;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static final String ALERTMANAGER = "/usr/bin/prometheus-alertmanager";
    private static final String TOKEN = "alertmanager-sentinel-7a1b";

    private final int alertmanagerPort = freePort();
    private Process alertmanager;
    private Path workDir;
    private TopicTail<AlertEvent> alerts;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("quell.auth.token", TOKEN);
    }

    @BeforeAll
    void startAlertmanager() throws Exception {
        assertThat(Path.of(ALERTMANAGER)).as("Alertmanager binary; scripts/prepare installs prometheus-alertmanager")
                .exists();
        alerts = tail(topics.alerts());
        workDir = Files.createTempDirectory("quell-alertmanager-it-");
        Files.writeString(workDir.resolve("alertmanager.yml"), """
                route:
                  receiver: quell
                  group_by: [alertname, namespace, service]
                  group_wait: 1s
                  group_interval: 5s
                  repeat_interval: 4h
                receivers:
                  - name: quell
                    webhook_configs:
                      - url: %s/webhooks/alertmanager
                        send_resolved: true
                        http_config:
                          authorization:
                            type: Bearer
                            credentials: %s
                """.formatted(server.getURL(), TOKEN));
        alertmanager = new ProcessBuilder(ALERTMANAGER,
                "--config.file=" + workDir.resolve("alertmanager.yml"),
                "--storage.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + alertmanagerPort,
                "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("alertmanager.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> alertmanagerApi("GET", "/-/ready", null).statusCode() == 200);
    }

    @AfterAll
    void stopAlertmanager() {
        if (alertmanager != null) {
            alertmanager.destroy();
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
        HttpResponse<String> posted = alertmanagerApi("POST", "/api/v2/alerts",
                "[{\"labels\":" + labels + ",\"annotations\":{\"summary\":\"数据库连接池即将耗尽\"}}]");
        assertThat(posted.statusCode()).isEqualTo(200);

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
        JsonNode inAlertmanager = Json.mapper().readTree(alertmanagerApi("GET", "/api/v2/alerts", null).body()).get(0);
        assertThat(alert.fingerprint()).isEqualTo(inAlertmanager.get("fingerprint").asText());
    }

    private HttpResponse<String> alertmanagerApi(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + alertmanagerPort + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
