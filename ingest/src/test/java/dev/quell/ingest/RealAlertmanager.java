package dev.quell.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's Alertmanager (prometheus-alertmanager, installed by scripts/prepare) as a process on
 * 127.0.0.1, with one receiver: Quell's webhook route. Alerts posted to its API go through its
 * grouping, its notification pipeline and its retries, as in production.
 */
final class RealAlertmanager implements AutoCloseable {

    private static final String BINARY = "/usr/bin/prometheus-alertmanager";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final Process process;

    /**
     * @param webhookUrl        Quell's {@code /webhooks/alertmanager}
     * @param groupInterval     how long a failed notification waits for the group's next flush when
     *                          Alertmanager does not retry it within the notification
     * @param receiverExtraYaml more of the webhook config, indented to sit under {@code url} (e.g. an {@code http_config})
     */
    RealAlertmanager(int port, String webhookUrl, Duration groupInterval, String receiverExtraYaml) throws Exception {
        assertThat(Path.of(BINARY)).as("Alertmanager binary; scripts/prepare installs prometheus-alertmanager").exists();
        this.port = port;
        Path workDir = Files.createTempDirectory("quell-alertmanager-it-");
        Files.writeString(workDir.resolve("alertmanager.yml"), """
                route:
                  receiver: quell
                  group_by: [alertname, namespace, service]
                  group_wait: 1s
                  group_interval: %ds
                  repeat_interval: 4h
                receivers:
                  - name: quell
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                %s""".formatted(groupInterval.toSeconds(), webhookUrl, receiverExtraYaml));
        this.process = new ProcessBuilder(BINARY,
                "--config.file=" + workDir.resolve("alertmanager.yml"),
                "--storage.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("alertmanager.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> api("GET", "/-/ready", null).statusCode() == 200);
    }

    /** Fires one alert through Alertmanager's API ({@code POST /api/v2/alerts}). */
    void fire(String labelsJson, String annotationsJson) throws Exception {
        HttpResponse<String> posted = api("POST", "/api/v2/alerts",
                "[{\"labels\":" + labelsJson + ",\"annotations\":" + annotationsJson + "}]");
        assertThat(posted.statusCode()).as("Alertmanager took the alert").isEqualTo(200);
    }

    HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        process.destroy();
    }
}
