package dev.quell.standalone.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.kafka.SharedTestBroker;
import dev.quell.schemas.json.Json;
import dev.quell.standalone.QuellRuntimeAccess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caps on what a request may be, on the port {@code quell up} serves every route on: the body
 * (413), the request line and headers (431), JSON nesting (400) — and what Micronaut refuses by
 * itself (404, 405) — each answered as {@code application/problem+json} naming the limit.
 */
class RequestLimitsIT {

    @TempDir
    static Path dataDir;

    private static AutoCloseable quell;
    private static String url;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        String prefix = "limits-" + System.nanoTime() + ".";
        Path config = Files.writeString(dataDir.resolve("quell.yml"), """
                quell:
                  streams: {application-id: %1$sstreams}
                  remediator: {group-id: %1$sremediator}
                """.formatted(prefix));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        quell = QuellRuntimeAccess.start(SharedTestBroker.bootstrapServers(), dataDir, prefix, config,
                new PrintStream(console, true, StandardCharsets.UTF_8));
        url = QuellRuntimeAccess.httpUrl(console);
    }

    @AfterAll
    static void stop() throws Exception {
        quell.close();
    }

    @Test
    void shouldRefuseABodyOverTheLimitWith413() throws Exception {
        byte[] body = new byte[5 * 1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(url + "/webhooks/alertmanager"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertProblem(answer, 413, "payload-too-large");
    }

    @Test
    void shouldRefuseHeadersOverTheLimitWith431OnEveryKindOfRoute() throws Exception {
        String big = "a".repeat(16 * 1024);
        for (String path : new String[] {"/health", "/api/v1/incidents", "/api/v1/remediator", "/webhooks/alertmanager"}) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(url + path)).header("X-Big", big).GET());

            assertProblem(answer, 431, "request-header-fields-too-large");
            assertThat(answer.body()).contains("max-header-size");
        }
    }

    @Test
    void shouldRefuseJsonNestedTooDeeplyWith400() throws Exception {
        String body = "{\"status\":\"firing\",\"alerts\":[],\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(url + "/webhooks/alertmanager"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));

        assertProblem(answer, 400, "malformed-json");
        assertThat(answer.body()).contains("nested deeper than");
    }

    @Test
    void shouldAnswerWhatMicronautRefusesByItselfAsProblemsToo() throws Exception {
        assertProblem(send(HttpRequest.newBuilder(URI.create(url + "/no/such/route")).GET()), 404, "not-found");
        HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(URI.create(url + "/logs")).DELETE());
        assertProblem(wrongMethod, 405, "method-not-allowed");
        assertThat(wrongMethod.body()).contains("Allowed methods: [POST]");
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String reason) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        var problem = Json.mapper().readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).isEqualTo("urn:quell:problem:" + reason);
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
