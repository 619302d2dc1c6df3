package dev.quell.standalone.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.quell.kafka.SharedTestBroker;
import dev.quell.schemas.json.Json;
import dev.quell.standalone.QuellRuntimeAccess;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose stack's monitoring, run for real: Debian's Prometheus, with compose/prometheus's
 * configuration and rule files, scrapes an application whose database pool fills up — and Quell
 * itself, with the bearer token — and Debian's Alertmanager, with compose/alertmanager's
 * configuration, posts the seeds' {@code DatabasePoolExhausted} to Quell, which makes it the P1
 * incident the seeds' policy asks for; when the pool drains, Prometheus resolves the alert and the
 * incident says so. From the shipped files only the addresses, the secrets' directory and the
 * timings (seconds instead of minutes) are changed, each replacement checked.
 */
class MonitoringChainIT {

    private static final String TOKEN = "monitoring-chain-sentinel-3f9c";

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroy);
    }

    @Test
    void shouldTurnAPoolFillingUpIntoAnIncidentThroughTheShippedPrometheusAndAlertmanager() throws Exception {
        AtomicInteger activeConnections = new AtomicInteger(19); // of 20: the seeds' rule fires at 90 %
        HttpServer application = application(activeConnections);
        String prefix = "chain-" + System.nanoTime() + ".";
        Path config = Files.writeString(dir.resolve("quell.yml"), """
                quell:
                  auth:
                    token: %s
                  streams:
                    application-id: %sstreams
                  remediator:
                    group-id: %sremediator
                """.formatted(TOKEN, prefix, prefix));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (AutoCloseable quell = QuellRuntimeAccess.start(SharedTestBroker.bootstrapServers(), dir.resolve("quell"),
                prefix, config, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            String url = QuellRuntimeAccess.httpUrl(console);
            int alertmanagerPort = freePort();
            int prometheusPort = freePort();
            startAlertmanager(alertmanagerPort, url);
            startPrometheus(prometheusPort, alertmanagerPort, URI.create(url).getAuthority(),
                    "127.0.0.1:" + application.getAddress().getPort());

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode incident = incidentOf(url, "dpa/dpa-api");
                assertThat(incident.path("severity").asText()).isEqualTo("P1");
                assertThat(incident.path("severityReasons").get(0).path("rule").asText()).isEqualTo("pool-exhausted");
                JsonNode alert = incident.path("alerts").get(0);
                assertThat(alert.path("alertname").asText()).isEqualTo("DatabasePoolExhausted");
                assertThat(alert.path("labels").path("job").asText()).as("the scrape job's label").isEqualTo("dpa-api");
                assertThat(alert.path("status").asText()).isEqualTo("firing");
            });
            assertThat(query(prometheusPort, "min(up{job=\"quell\"})")).as("Quell scraped with its bearer token")
                    .isEqualTo("1");

            activeConnections.set(2);

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode incident = incidentOf(url, "dpa/dpa-api");
                assertThat(incident.path("alerts").get(0).path("status").asText()).isEqualTo("resolved");
                JsonNode reasons = incident.path("severityReasons");
                assertThat(reasons.get(reasons.size() - 1).path("rule").asText()).isEqualTo("kept:alerts-resolved");
            });
        } finally {
            application.stop(0);
        }
    }

    /** An application's /metrics: a database pool of 20 connections, {@code active} of them in use. */
    private static HttpServer application(AtomicInteger active) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = """
                    # TYPE database_pool_connections_active gauge
                    database_pool_connections_active %d
                    # TYPE database_pool_connections_total gauge
                    database_pool_connections_total 20
                    """.formatted(active.get()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private void startAlertmanager(int port, String quellUrl) throws Exception {
        Path home = Files.createDirectories(dir.resolve("alertmanager"));
        Files.createDirectories(home.resolve("secrets"));
        Files.writeString(home.resolve("secrets/quell-auth-token"), TOKEN + "\n");
        String shipped = Files.readString(DeployFiles.COMPOSE.resolve("alertmanager/alertmanager.yml"));
        Files.writeString(home.resolve("alertmanager.yml"), replaced(shipped,
                "/etc/alertmanager/", home + "/",
                "http://quell-ingest:8080", quellUrl,
                "group_wait: 10s", "group_wait: 1s",
                "group_interval: 1m", "group_interval: 1s"));
        start(home, "/usr/bin/prometheus-alertmanager", "--config.file=" + home.resolve("alertmanager.yml"),
                "--storage.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=");
        awaitReady(port);
    }

    private void startPrometheus(int port, int alertmanagerPort, String quell, String application) throws Exception {
        Path home = Files.createDirectories(dir.resolve("prometheus"));
        Files.createDirectories(home.resolve("secrets"));
        Files.writeString(home.resolve("secrets/quell-auth-token"), TOKEN + "\n");
        Files.createDirectories(home.resolve("rules"));
        for (String rules : List.of("seed-alerts.yml", "quell-rules.yml")) {
            String shipped = Files.readString(DeployFiles.COMPOSE.resolve("prometheus/rules").resolve(rules));
            assertThat(shipped).contains("for: ");
            Files.writeString(home.resolve("rules").resolve(rules), shipped.replaceAll("for: \\d+[smh]", "for: 0s"));
        }
        String shipped = Files.readString(DeployFiles.COMPOSE.resolve("prometheus/prometheus.yml"));
        Files.writeString(home.resolve("prometheus.yml"), replaced(shipped,
                "/etc/prometheus/", home + "/",
                "scrape_interval: 15s", "scrape_interval: 1s",
                "evaluation_interval: 15s", "evaluation_interval: 1s",
                "alertmanager:9093", "127.0.0.1:" + alertmanagerPort,
                "quell-ingest:8080", quell,
                "quell-streams:8080", quell,
                "quell-remediator:8080", quell,
                "quell-indexer:8080", quell,
                "localhost:9090", "127.0.0.1:" + port,
                // the commented example of "your services", made real
                "  # - job_name: dpa-api\n"
                        + "  #   static_configs:\n"
                        + "  #     - targets: ['dpa-api:8000']\n"
                        + "  #       labels: {namespace: dpa, service: dpa-api}",
                "  - job_name: dpa-api\n"
                        + "    static_configs:\n"
                        + "      - targets: ['" + application + "']\n"
                        + "        labels: {namespace: dpa, service: dpa-api}"));
        start(home, "/usr/bin/prometheus", "--config.file=" + home.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + port);
        awaitReady(port);
    }

    /** {@code text} with each pair's first replaced by its second; each first must be there. */
    private static String replaced(String text, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            assertThat(text).as("the shipped file still holds what the test replaces").contains(pairs[i]);
            text = text.replace(pairs[i], pairs[i + 1]);
        }
        return text;
    }

    private void start(Path home, String... command) throws Exception {
        assertThat(Path.of(command[0])).as("scripts/prepare installs Debian's prometheus and prometheus-alertmanager")
                .exists();
        processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("output.log").toFile()).start());
    }

    private void awaitReady(int port) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode() == 200);
    }

    /** The open or resolved incident of {@code key}, from Quell's API (with the bearer token). */
    private JsonNode incidentOf(String url, String key) throws Exception {
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/incidents"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        for (JsonNode incident : Json.mapper().readTree(listed.body()).path("incidents")) {
            if (incident.path("correlationKey").asText().equals(key)) {
                return incident;
            }
        }
        throw new AssertionError("no incident of " + key + " yet: " + listed.body());
    }

    /** The value of an instant query's single result, from Prometheus's HTTP API. */
    private String query(int port, String expression) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(expression, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString()).body();
        JsonNode result = Json.mapper().readTree(body).path("data").path("result");
        assertThat(result).as(body).hasSize(1);
        return result.get(0).path("value").get(1).asText();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
