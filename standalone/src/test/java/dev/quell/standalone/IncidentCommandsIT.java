package dev.quell.standalone;

import static dev.quell.standalone.CommandRun.quell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.kafka.SharedTestBroker;
import dev.quell.schemas.json.Json;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quell incidents} and {@code quell incident ID} against a running Quell, as the on-call engineer reads them. */
class IncidentCommandsIT {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldListTheIncidentsAndShowWhyOneIsP1WithWhatTheRemediatorWouldDo() throws Exception {
        String prefix = "incident-commands-" + System.nanoTime() + ".";
        Path config = Files.writeString(dir.resolve("quell.yml"), """
                quell:
                  streams:
                    application-id: %sstreams
                  remediator:
                    group-id: %sremediator
                  targets:
                    postgres:
                      main:
                        url: jdbc:postgresql://127.0.0.1:5432/test
                        username: quell_remediator
                        password: not-used-in-dry-run
                """.formatted(prefix, prefix));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (AutoCloseable quell = QuellRuntimeAccess.start(SharedTestBroker.bootstrapServers(), dir.resolve("data"), prefix,
                config, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            String url = QuellRuntimeAccess.httpUrl(console);
            HttpResponse<String> webhook = http.send(HttpRequest.newBuilder(URI.create(url + "/webhooks/alertmanager"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                            {"version":"4","status":"firing","receiver":"quell","alerts":[{"status":"firing",
                              "startsAt":"2026-11-20T08:10:00Z","labels":{"alertname":"DatabasePoolExhausted",
                              "severity":"critical","namespace":"dpa","service":"dpa-api"}}]}
                            """)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(200);
            String[] id = new String[1];
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                JsonNode events = Json.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(url
                        + "/api/v1/remediations")).build(), HttpResponse.BodyHandlers.ofString()).body()).path("events");
                assertThat(events).as("the remediator decided (dry-run)").isNotEmpty();
                id[0] = events.get(0).path("data").path("incidentId").asText();
            });

            CommandRun list = quell("incidents", "--url", url);
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains("SEV", "SERVICE", "FIRING").containsPattern(
                    "P1 +open +dpa/dpa-api +\\d{4}-\\d\\d-\\d\\dT\\S+Z +1/1 +" + id[0]).contains("1 incident(s)");
            assertThat(quell("incidents", "--url", url, "--severity", "P0").out()).contains("0 incident(s)");
            CommandRun bad = quell("incidents", "--url", url, "--severity", "P9");
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err()).contains("Quell answered 400: severity must be P0, P1, P2 or P3");

            CommandRun status = quell("status", "--url", url);
            assertThat(status.exit()).as(status.out() + status.err()).isZero();
            assertThat(status.out()).contains("Quell at " + url + ": ready", "kafka-streams", "state=RUNNING",
                    "remediator: dry-run mode, running;", "targets: postgres/main", "approvals waiting: 0",
                    "incidents open: 1 (P0 0, P1 1, P2 0, P3 0)");

            CommandRun show = quell("incident", id[0], "--url", url);
            assertThat(show.exit()).as(show.err()).isZero();
            assertThat(show.out()).contains(id[0] + "  P1 open, version 1", "service:     dpa/dpa-api", "why:",
                    "pool-exhausted", "P1: alert DatabasePoolExhausted (severity=critical) is firing",
                    "alerts (1):", "firing    DatabasePoolExhausted {namespace=dpa, service=dpa-api, severity=critical}",
                    "remediation:", "planned", "dry-run: would run postgres.kill-idle-connections on postgres/main");
            CommandRun unknown = quell("incident", "inc-ZHBhL25vdGhpbmc-1", "--url", url);
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).startsWith("Quell answered 404: ");

            StringBuilder fleet = new StringBuilder("{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"quell\",\"alerts\":[");
            for (int i = 0; i < 12; i++) { // 100 KB of labels each: together more than one incident version may hold
                fleet.append(i == 0 ? "" : ",").append("{\"status\":\"firing\",\"startsAt\":\"2026-11-20T08:10:00Z\",\"labels\":"
                        + "{\"alertname\":\"KubePodCrashLooping\",\"severity\":\"warning\",\"namespace\":\"fleet\","
                        + "\"service\":\"workers\",\"pod\":\"w-" + i + "\",\"blob\":\"" + "x".repeat(100_000) + "\"}}");
            }
            HttpResponse<String> large = http.send(HttpRequest.newBuilder(URI.create(url + "/webhooks/alertmanager"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(fleet.append("]}").toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(large.statusCode()).as(large.body()).isEqualTo(200);
            String[] fleetId = new String[1];
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                CommandRun all = quell("incidents", "--url", url);
                Matcher row = Pattern.compile("open +fleet/workers +\\S+ +\\d+\\+/12 +(\\S+)")
                        .matcher(all.out());
                assertThat(row.find()).as(all.out()).isTrue();
                fleetId[0] = row.group(1);
            });
            assertThat(quell("incident", fleetId[0], "--url", url).out())
                    .containsPattern("alerts \\(\\d+ listed, \\d+ more not listed: the version fits one Kafka record\\):");
        }
        CommandRun unreachable = quell("incidents", "--url", "http://127.0.0.1:1");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).startsWith("cannot reach Quell at http://127.0.0.1:1");
    }
}
