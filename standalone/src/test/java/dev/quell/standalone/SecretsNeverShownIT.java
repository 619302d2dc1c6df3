package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.quell.kafka.SharedTestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Sentinel secrets in every secret setting — the auth token and Basic password, the PostgreSQL and
 * Redis passwords, the Elasticsearch password — and then every output looked through: the log at
 * INFO, the console, {@code /health} with its details, the remediator's status, {@code /prometheus},
 * and the error bodies of refused requests. None may hold a sentinel.
 */
class SecretsNeverShownIT {

    private static final List<String> SENTINELS = List.of("SENTINEL-token-7e1", "SENTINEL-basic-7e2",
            "SENTINEL-pg-7e3", "SENTINEL-redis-7e4", "SENTINEL-es-7e5");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void shouldKeepEverySecretOutOfLogsHealthMetricsAndErrors() throws Exception {
        Path config = Files.writeString(dir.resolve("quell.yml"), """
                quell:
                  auth:
                    token: SENTINEL-token-7e1
                    basic:
                      username: oncall
                      password: SENTINEL-basic-7e2
                  targets:
                    postgres:
                      main:
                        url: jdbc:postgresql://127.0.0.1:5432/test
                        username: quell_remediator
                        password: SENTINEL-pg-7e3
                    redis:
                      main:
                        host: 127.0.0.1
                        password: SENTINEL-redis-7e4
                        allowed-patterns: ["session:*"]
                  indexer:
                    elasticsearch:
                      url: http://127.0.0.1:9
                      username: quell_writer
                      password: SENTINEL-es-7e5
                """);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        root.setLevel(Level.INFO);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<String> outputs = new ArrayList<>();
        StandaloneSettings settings = new StandaloneSettings(SharedTestBroker.bootstrapServers(), dir, 0, 1,
                "secrets-" + System.nanoTime() + ".", null, 0, config);
        try (QuellRuntime runtime = new QuellRuntime(settings, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            runtime.start();
            String url = QuellRuntimeAccess.httpUrl(console);
            // the targets' health is checked in the background: wait until it reports on all of them
            await().atMost(Duration.ofSeconds(30)).until(() -> get(url + "/health", null).contains("redis/main"));
            outputs.add(get(url + "/health", null));
            outputs.add(get(url + "/health/readiness", null));
            outputs.add(get(url + "/api/v1/remediator", "Bearer SENTINEL-token-7e1"));
            outputs.add(get(url + "/prometheus", "Bearer SENTINEL-token-7e1"));
            outputs.add(get(url + "/api/v1/incidents", "Bearer wrong"));
            outputs.add(get(url + "/api/v1/incidents", "Basic b25jYWxsOndyb25n"));
            outputs.add(post(url + "/webhooks/alertmanager", "{\"not\": \"a webhook\"}"));
        } finally {
            root.detachAppender(log);
            root.setLevel(level);
        }
        outputs.add(console.toString(StandardCharsets.UTF_8));
        log.list.forEach(event -> outputs.add(text(event)));

        assertThat(outputs).as("every output was captured").hasSizeGreaterThan(20);
        for (String output : outputs) {
            for (String sentinel : SENTINELS) {
                assertThat(output).as("an output holding %s", sentinel).doesNotContain(sentinel);
            }
        }
        assertThat(String.join("\n", outputs)).as("the configuration was logged, masked").contains("****");
    }

    private static String text(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy error = event.getThrowableProxy(); error != null; error = error.getCause()) {
            text.append(" | ").append(error.getClassName()).append(": ").append(error.getMessage());
        }
        return text.toString();
    }

    private String get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer SENTINEL-token-7e1")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
