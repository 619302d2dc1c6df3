package dev.quell.standalone.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.kafka.SharedTestBroker;
import dev.quell.schemas.topics.Topics;
import dev.quell.standalone.QuellRuntimeAccess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quell watching itself, against the real thing: Quell runs (all services, a real broker), takes an
 * alert that plans a remediation and records that each service must dead-letter, and then every
 * metric that compose/grafana's dashboard and compose/prometheus's quell-rules.yml select is on
 * its /prometheus — so the dashboard and the alerts cannot name a metric that does not exist.
 */
class SelfMonitoringIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldExposeEveryMetricTheDashboardAndTheAlertRulesSelect() throws Exception {
        String prefix = "selfmon-" + System.nanoTime() + ".";
        Topics topics = new Topics(prefix, 1);
        // Its own application and group ids: the broker is shared with other tests (one partition here, not theirs).
        Path config = Files.writeString(dataDir.resolve("quell.yml"), """
                quell:
                  streams:
                    application-id: %s-streams
                  remediator:
                    group-id: %s-remediator
                  indexer:
                    group-id: %s-indexer
                    elasticsearch:
                      url: http://127.0.0.1:%d
                  targets:
                    postgres:
                      main:
                        url: jdbc:postgresql://127.0.0.1:5432/test
                        username: quell_remediator
                        password: not-used-in-dry-run
                """.formatted(prefix, prefix, prefix, closedPort()));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (AutoCloseable quell = QuellRuntimeAccess.start(SharedTestBroker.bootstrapServers(), dataDir, prefix, config,
                new PrintStream(console, true, StandardCharsets.UTF_8))) {
            String url = QuellRuntimeAccess.httpUrl(console);

            post(url + "/webhooks/alertmanager", """
                    {"version":"4","status":"firing","receiver":"quell","alerts":[{"status":"firing",
                      "startsAt":"2026-11-20T08:10:00Z","labels":{"alertname":"DatabasePoolExhausted","severity":"critical",
                      "namespace":"dpa","service":"dpa-api"}}]}
                    """);
            post(url + "/logs", "{not json");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topics.alerts().name(), "dpa/dpa-api", "not an alert")).get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(topics.incidents().name(), "inc-x", "not an incident")).get(30, TimeUnit.SECONDS);
            }

            Set<String> selected = selectedMetrics();
            assertThat(selected).contains("quell_dead_letters_total", "quell_incidents_open",
                    "quell_remediation_budget_used", "kafka_consumer_fetch_manager_records_lag_max");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                String scrape = get(url + "/prometheus");
                assertThat(exposed(scrape)).containsAll(selected);
                assertThat(scrape).contains("quell_dead_letters_total{source=\"ingest.logs\"",
                        "quell_dead_letters_total{source=\"streams.alerts\"",
                        "quell_dead_letters_total{source=\"remediator.incidents\"",
                        "quell_incidents_open{severity=\"P1\"} 1.0",
                        "phase=\"planned\"");
            });
        }
    }

    /** Every metric the dashboard's panels and the self-monitoring alert rules select. */
    private static Set<String> selectedMetrics() {
        Set<String> metrics = new TreeSet<>();
        JsonNode dashboard = DeployFiles.json(DeployFiles.COMPOSE.resolve("grafana/dashboards/quell-overview.json"));
        DeployFiles.dashboardExpressions(dashboard).forEach(expression -> metrics.addAll(DeployFiles.metricsIn(expression)));
        DeployFiles.alertRules(DeployFiles.yaml(DeployFiles.COMPOSE.resolve("prometheus/rules/quell-rules.yml")))
                .forEach(rule -> metrics.addAll(DeployFiles.metricsIn(rule.path("expr").asText())));
        return metrics;
    }

    private static Set<String> exposed(String scrape) {
        Set<String> names = new TreeSet<>();
        scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    private static void post(String url, String body) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
