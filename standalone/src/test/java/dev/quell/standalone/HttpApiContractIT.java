package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/openapi.yaml against a running Quell (auth on, the remediator asking for approval): the
 * document lists exactly the routes Quell serves, and every answer the walk below draws — each
 * operation's success and the refusals a client meets first — has a status the document lists
 * and a body that matches the schema it gives.
 */
class HttpApiContractIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String TOKEN = "contract-token-9c2e";

    private final HttpClient http = HttpClient.newHttpClient();
    private final OpenApiContract contract = OpenApiContract.load();
    private String url;

    @TempDir
    Path dir;

    @Test
    void shouldServeExactlyTheDocumentedRoutesAndAnswerAsDocumented() throws Exception {
        String prefix = "contract-" + System.nanoTime() + "."; // topics, and the groups on the shared broker
        Path config = Files.writeString(dir.resolve("quell.yml"), """
                quell:
                  auth:
                    token: %s
                  ingest:
                    max-body-size: 64KB
                  streams:
                    application-id: %sstreams
                    rules-file: %s
                  remediator:
                    group-id: %sremediator
                    mode: approval
                    playbooks-file: %s
                  targets:
                    postgres:
                      main:
                        url: jdbc:postgresql://127.0.0.1:5432/test
                        username: quell_remediator
                        protected-users: [postgres]
                    redis:
                      main:
                        host: 127.0.0.1
                        port: 6379
                        allowed-patterns: ["session:*"]
                """.formatted(TOKEN, prefix, ROOT.resolve("examples/rules.yml"), prefix, ROOT.resolve("examples/playbooks.yml")));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (AutoCloseable quell = QuellRuntimeAccess.start(SharedTestBroker.bootstrapServers(), dir.resolve("data"), prefix,
                config, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            url = QuellRuntimeAccess.httpUrl(console);
            assertThat(contract.operations()).as("documented operations against the routes Quell serves")
                    .containsExactlyInAnyOrderElementsOf(QuellRuntimeAccess.routes(console));

            ingest();
            String incidentId = incidents();
            remediation(incidentId);
            operations();
        }
        assertThat(contract.checkedOperations()).as("every documented operation answered at least once")
                .isEqualTo(contract.operations());
    }

    private void ingest() throws Exception {
        String webhook = webhook(Instant.now());
        assertThat(call("POST", "/webhooks/alertmanager", "application/json", webhook).path("accepted").asInt()).isEqualTo(1);
        refused("POST", "/webhooks/alertmanager", "application/json", "{", 400);
        refused("POST", "/webhooks/alertmanager", "text/plain", webhook, 415);
        refused("POST", "/webhooks/alertmanager", "application/json", "{\"version\":\"4\"}", 422);
        refused("POST", "/webhooks/alertmanager", "application/json", "x".repeat(70_000), 413);
        JsonNode unauthorized = call("POST", "/webhooks/alertmanager", "application/json", webhook, false, 401);
        assertThat(unauthorized.path("type").asText()).isEqualTo("urn:quell:problem:unauthorized");

        String goodLine = "{\"@timestamp\":\"" + Instant.now() + "\",\"log.level\":\"error\","
                + "\"message\":\"FATAL: too many connections\",\"service.name\":\"contract-api\"}";
        JsonNode logs = call("POST", "/logs", "application/x-ndjson", goodLine + "\n{not json\n");
        assertThat(logs.path("accepted").asInt()).isEqualTo(1);
        assertThat(logs.path("refused").get(0).path("line").asInt()).isEqualTo(2);
        refused("POST", "/logs", "application/json", "[42]", 422);
        refused("POST", "/logs", "application/x-ndjson", "", 400);

        String bulk = "{\"create\":{\"_index\":\"logs-contract\"}}\n" + goodLine + "\n";
        assertThat(call("POST", "/_bulk", "application/x-ndjson", bulk).path("errors").asBoolean()).isFalse();
        assertThat(call("POST", "/logs-contract/_bulk", "application/x-ndjson", "{\"index\":{}}\n" + goodLine + "\n")
                .path("items").get(0).path("index").path("_index").asText()).isEqualTo("logs-contract");
        refused("POST", "/_bulk", "application/x-ndjson", "{\"create\":\n", 400);
        assertThat(call("GET", "/", null, null).path("version").path("number").asText()).startsWith("8.");
        assertThat(call("GET", "/_cluster/health", null, null).path("status").asText()).isEqualTo("green");
        assertThat(call("GET", "/_license", null, null).path("license").path("status").asText()).isEqualTo("active");
    }

    /** The webhook's incident, listed and read by id; the refusals of both routes. */
    private String incidents() throws Exception {
        // until then, a 503 while the incident store is restored or rebalanced (held to the document too)
        HttpResponse<String> answer = await().atMost(Duration.ofSeconds(30))
                .until(() -> send("GET", "/api/v1/incidents?severity=P1,P2&limit=10", null, null, true),
                        listing -> contract.check("GET", "/api/v1/incidents", listing).path("incidents").size() > 0);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode listed = OpenApiContract.readJson(answer.body());
        String id = listed.path("incidents").get(0).path("id").asText();
        assertThat(call("GET", "/api/v1/incidents/" + id, null, null).path("correlationKey").asText())
                .isEqualTo(listed.path("incidents").get(0).path("correlationKey").asText());
        refused("GET", "/api/v1/incidents?status=bogus", null, null, 400);
        refused("GET", "/api/v1/incidents/not-an-incident-id", null, null, 404);
        return id;
    }

    /** The pool playbook asks for approval: the request listed (twice), rejected once, and no longer there to approve. */
    private void remediation(String incidentId) throws Exception {
        JsonNode asked = await().atMost(Duration.ofSeconds(30))
                .until(() -> call("GET", "/api/v1/remediations?incident=" + incidentId, null, null),
                        events -> approvalId(events) != null);
        String approval = approvalId(asked);
        JsonNode status = call("GET", "/api/v1/remediator", null, null);
        assertThat(status.path("pendingApprovals").has(approval)).as(status.toString()).isTrue();
        JsonNode waiting = call("GET", "/api/v1/approvals", null, null).path("approvals");
        assertThat(waiting).as(waiting.toString()).anySatisfy(request -> {
            assertThat(request.path("id").asText()).isEqualTo(approval);
            assertThat(request.path("action").asText()).isEqualTo("postgres.kill-idle-connections");
            assertThat(request.path("target").asText()).isEqualTo("postgres/main");
            assertThat(request.path("incidentId").asText()).isEqualTo(incidentId);
            assertThat(request.path("heldHere").asBoolean()).isTrue();
        });
        assertThat(call("POST", "/api/v1/remediations/" + approval + "/reject", null, null).path("decision").asText())
                .isEqualTo("rejected");
        refused("POST", "/api/v1/remediations/" + approval + "/approve", null, null, 404);
        refused("GET", "/api/v1/remediations?limit=0", null, null, 400);

        assertThat(call("POST", "/api/v1/remediator/pause", null, null).path("paused").asBoolean()).isTrue();
        assertThat(call("POST", "/api/v1/remediator/resume", null, null).path("paused").asBoolean()).isFalse();
    }

    private void operations() throws Exception {
        assertThat(call("GET", "/health", null, null, false, 200).path("status").asText()).isEqualTo("UP");
        assertThat(call("GET", "/health/liveness", null, null, false, 200).path("status").asText()).isEqualTo("UP");
        assertThat(call("GET", "/health/readiness", null, null, false, 200).path("status").asText()).isEqualTo("UP");
        call("GET", "/prometheus", null, null);
    }

    private static String approvalId(JsonNode events) {
        for (JsonNode event : events.path("events")) {
            if (event.path("type").asText().endsWith(".awaiting_approval")) {
                return event.path("id").asText();
            }
        }
        return null;
    }

    /** A request with the token, expected to succeed (200). */
    private JsonNode call(String method, String path, String contentType, String body) throws Exception {
        return call(method, path, contentType, body, true, 200);
    }

    /** A request, its answer held to the document and to the {@code expected} status; the body (a JSON null when it is none). */
    private JsonNode call(String method, String path, String contentType, String body, boolean withToken, int expected)
            throws Exception {
        HttpResponse<String> response = send(method, path, contentType, body, withToken);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return contract.check(method, path, response);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, boolean withToken)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (withToken) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with the token, refused with {@code status}: the problem, which names that status too. */
    private JsonNode refused(String method, String path, String contentType, String body, int status) throws Exception {
        JsonNode problem = call(method, path, contentType, body, true, status);
        assertThat(problem.path("status").asInt()).as(method + " " + path + ": the problem's status").isEqualTo(status);
        return problem;
    }

    private static String webhook(Instant startsAt) {
        return """
                {"version":"4","groupKey":"{}:{alertname=\\"DatabasePoolExhausted\\"}","truncatedAlerts":0,"status":"firing",
                 "receiver":"quell","groupLabels":{"alertname":"DatabasePoolExhausted"},
                 "commonLabels":{"alertname":"DatabasePoolExhausted"},"commonAnnotations":{},
                 "externalURL":"http://alertmanager.invalid:9093",
                 "alerts":[{"status":"firing","labels":{"alertname":"DatabasePoolExhausted","namespace":"contract",
                   "service":"contract-api","severity":"critical"},"annotations":{"summary":"pool exhausted"},
                   "startsAt":"%s","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.invalid:9090/graph",
                   "fingerprint":"c0ffee00c0ffee00"}]}
                """.formatted(startsAt);
    }
}
