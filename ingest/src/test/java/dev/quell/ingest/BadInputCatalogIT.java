package dev.quell.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.json.Json;
import dev.quell.service.http.FirstItems;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The documented answer to each kind of bad input: its status, a detail that names the problem
 * (and the field, where there is one), and a dead letter where the refused payload got past
 * authentication.
 */
@MicronautTest
class BadInputCatalogIT extends IngestTestSupport {

    private static final String WEBHOOK = "/webhooks/alertmanager";
    private static final String JSON = "application/json";
    private static final String NDJSON = "application/x-ndjson";

    /**
     * @param deadLetters how many dead letters the request leaves (one per refused item of a batch)
     * @param deadLetterSays a fragment of their reason
     */
    record BadInput(String name, String path, String contentType, byte[] body, String[] headers,
                    int status, List<String> answerSays, int deadLetters, String deadLetterSays) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BadInput> catalog() {
        return Stream.of(
                // --- POST /webhooks/alertmanager
                refused("truncated webhook", WEBHOOK, JSON, "{\"status\":\"firing\",\"alerts\":[{\"labels\":",
                        400, "malformed JSON", "/alerts/0/labels"),
                refused("empty webhook body", WEBHOOK, JSON, "", 400, "empty document"),
                refused("binary webhook body", WEBHOOK, JSON, binary(), 400, "malformed JSON"),
                refused("trailing garbage after the document", WEBHOOK, JSON,
                        "{\"status\":\"firing\",\"alerts\":[]} tail", 400, "unexpected content after"),
                refused("webhook as an array", WEBHOOK, JSON, "[{\"status\":\"firing\"}]", 422, "object"),
                refused("webhook without alerts", WEBHOOK, JSON, "{\"version\":\"4\",\"status\":\"firing\"}",
                        422, "/alerts: is required"),
                refused("alerts not an array", WEBHOOK, JSON, "{\"status\":\"firing\",\"alerts\":\"ServiceDown\"}",
                        422, "/alerts", "array"),
                refused("label value of the wrong type", WEBHOOK, JSON,
                        alert("\"labels\":{\"alertname\":\"X\",\"severity\":3},\"startsAt\":\"2026-11-20T08:15:42Z\""),
                        422, "/alerts/0/labels/severity"),
                refused("alert without startsAt", WEBHOOK, JSON, alert("\"labels\":{\"alertname\":\"X\"}"),
                        422, "/alerts/0/startsAt: is required"),
                refused("startsAt that is not RFC 3339", WEBHOOK, JSON,
                        alert("\"labels\":{\"alertname\":\"X\"},\"startsAt\":\"2026/11/20 08:15\""),
                        422, "/alerts/0/startsAt"),
                refused("startsAt past the year 9999 in UTC", WEBHOOK, JSON,
                        alert("\"labels\":{\"alertname\":\"X\"},\"startsAt\":\"9999-12-31T23:59:59-01:00\""),
                        422, "/alerts/0/startsAt", "years 0000 to 9999 in UTC"),
                refused("unknown alert status", WEBHOOK, JSON, "{\"status\":\"firing\",\"alerts\":[{\"status\":\"burning\","
                        + "\"labels\":{\"alertname\":\"X\"},\"startsAt\":\"2026-11-20T08:15:42Z\"}]}",
                        422, "/alerts/0/status"),
                refused("fingerprint not in Alertmanager's form", WEBHOOK, JSON,
                        alert("\"labels\":{\"alertname\":\"X\"},\"startsAt\":\"2026-11-20T08:15:42Z\",\"fingerprint\":\"f1\""),
                        422, "/alerts/0/fingerprint"),
                refused("alert without labels", WEBHOOK, JSON,
                        alert("\"labels\":{},\"startsAt\":\"2026-11-20T08:15:42Z\""), 422, "/alerts/0/labels"),
                refused("negative truncatedAlerts", WEBHOOK, JSON,
                        "{\"status\":\"firing\",\"truncatedAlerts\":-1,\"alerts\":[]}", 422, "/truncatedAlerts"),
                refused("deeply nested webhook", WEBHOOK, JSON,
                        "{\"status\":\"firing\",\"alerts\":[],\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                        400, "nested deeper than", "/x/0/0"),
                refused("a 2 MB annotation", WEBHOOK, JSON, alert("\"labels\":{\"alertname\":\"X\"},"
                        + "\"annotations\":{\"description\":\"" + "x".repeat(2 * 1024 * 1024) + "\"},"
                        + "\"startsAt\":\"2026-11-20T08:15:42Z\""), 400, "string longer than",
                        "/alerts/0/annotations/description"),
                refused("webhook over the body limit", WEBHOOK, JSON, "{\"x\":\"" + "y".repeat(6 * 1024 * 1024) + "\"}",
                        413, "exceeds the maximum"),
                refused("webhook as text/plain", WEBHOOK, "text/plain", "{\"status\":\"firing\",\"alerts\":[]}",
                        415, "text/plain", "application/json"),
                refused("webhook without a content type", WEBHOOK, null, "{\"status\":\"firing\",\"alerts\":[]}",
                        415, "Content-Type none"),
                refused("webhook as XML", WEBHOOK, "application/xml", "<alerts/>", 415, "application/xml"),
                new BadInput("webhook in a content coding Quell does not decode", WEBHOOK, JSON, binary(),
                        new String[] {"Content-Encoding", "br"}, 415,
                        List.of("unsupported-content-encoding", "Content-Encoding br", "gzip, deflate"), 1, "415"),

                // --- POST /logs
                new BadInput("a bad NDJSON line among good ones", "/logs", NDJSON,
                        bytes("{\"message\":\"ok 1\"}\n{\"message\":\n{\"message\":\"ok 3\"}\n"), new String[0],
                        200, List.of("\"accepted\":2", "\"line\":2", "line 2: /message: malformed JSON"), 1, "line 2"),
                new BadInput("an NDJSON line that is not an object", "/logs", NDJSON,
                        bytes("{\"message\":\"ok\"}\n42\n"), new String[0],
                        200, List.of("\"accepted\":1", "line 2: a log document must be a JSON object"), 1, "line 2"),
                new BadInput("a number among the documents of an array", "/logs", JSON,
                        bytes("[{\"message\":\"a\"},7,{\"message\":\"c\"}]"), new String[0],
                        200, List.of("\"accepted\":2", "\"index\":1", "/1: a log document must be a JSON object"),
                        1, "/1"),
                new BadInput("an NDJSON line too large for a Kafka record among good ones", "/logs", NDJSON,
                        bytes("{\"message\":\"ok 1\"}\n" + twoLongFields() + "\n{\"message\":\"ok 3\"}\n"),
                        new String[0], 200, List.of("\"accepted\":2", "\"line\":2", "line 2: its log event is",
                        "max.request.size"), 1, "line 2: its log event is"),
                new BadInput("every NDJSON line bad", "/logs", NDJSON, bytes("nope\n[1]\n"), new String[0],
                        422, List.of("none of the 2 documents", "\"line\":1", "\"line\":2"), 2, "line"),
                new BadInput("a log document with a bad @timestamp", "/logs", JSON,
                        bytes("{\"@timestamp\":\"yesterday\",\"message\":\"x\"}"), new String[0],
                        422, List.of("/@timestamp", "not an RFC 3339 time"), 1, "/@timestamp"),
                new BadInput("a log document with an @timestamp past the year 9999 in UTC", "/logs", JSON,
                        bytes("{\"@timestamp\":\"9999-12-31T23:59:59-01:00\",\"message\":\"x\"}"), new String[0],
                        422, List.of("/@timestamp", "years 0000 to 9999 in UTC"), 1, "/@timestamp"),
                refused("a JSON scalar as logs", "/logs", JSON, "\"hello\"", 400, "expected a JSON object"),
                refused("empty logs body", "/logs", NDJSON, "", 400, "no log document"),
                refused("blank lines only", "/logs", NDJSON, "\n \n\r\n", 400, "no log document"),
                refused("logs as XML", "/logs", "application/xml", "<log/>", 415, "application/x-ndjson"),
                new BadInput("gzip bomb", "/logs", NDJSON, gzipBomb(), new String[] {"Content-Encoding", "gzip"},
                        413, List.of("payload-too-large"), 1, "413"),
                new BadInput("gzip header on a body that is not gzip", "/logs", NDJSON, bytes("{\"message\":\"x\"}"),
                        new String[] {"Content-Encoding", "gzip"}, 400, List.of("malformed-request", "does not inflate"), 1, "400"),
                new BadInput("zstd header on a body that is not zstd", "/logs", NDJSON, bytes("{\"message\":\"x\"}"),
                        new String[] {"Content-Encoding", "zstd"}, 400, List.of("malformed-request", "does not inflate"),
                        1, "400"),
                new BadInput("logs in a content coding Quell does not decode", "/logs", NDJSON,
                        binary(), new String[] {"Content-Encoding", "compress"},
                        415, List.of("unsupported-content-encoding", "Content-Encoding compress"), 1, "415"),

                // --- POST /_bulk
                refused("unknown bulk action", "/_bulk", NDJSON, "{\"frobnicate\":{}}\n{\"message\":\"x\"}\n",
                        400, "expected one of [create, delete, index, update] but found [frobnicate]"),
                refused("index action without its document", "/_bulk", NDJSON, "{\"index\":{\"_index\":\"logs\"}}\n",
                        400, "needs its document on the next line"),
                refused("malformed bulk action line", "/_bulk", NDJSON, "{\"index\":\n{\"message\":\"x\"}\n",
                        400, "line [1]: malformed action/metadata line"),
                refused("a malformed action line after a good action (nothing of the request is taken)", "/_bulk",
                        NDJSON, "{\"index\":{}}\n{\"message\":\"first\"}\n{\"index\":\n{\"message\":\"x\"}\n",
                        400, "line [3]: malformed action/metadata line"),
                refused("empty bulk body", "/_bulk", NDJSON, "", 400, "request body is required"),
                refused("bulk as text/plain", "/_bulk", "text/plain", "{\"index\":{}}\n{}\n", 415, "text/plain"),
                new BadInput("a delete among bulk actions", "/_bulk", NDJSON,
                        bytes("{\"delete\":{\"_index\":\"logs\",\"_id\":\"1\"}}\n{\"index\":{}}\n{\"message\":\"kept\"}\n"),
                        new String[0], 200, List.of("\"errors\":true", "action [delete] is not supported",
                        "\"status\":201"), 1, "delete"),
                new BadInput("a bulk document too large for a Kafka record", "/_bulk", NDJSON,
                        bytes("{\"create\":{}}\n{\"message\":\"ok\"}\n{\"create\":{}}\n" + twoLongFields() + "\n"),
                        new String[0], 200, List.of("\"errors\":true", "\"status\":201",
                        "the document of the action on line [3]: its log event is"), 1, "line [3]: its log event is"),
                new BadInput("a malformed document among bulk ones", "/_bulk", NDJSON,
                        bytes("{\"create\":{}}\n{\"message\":\"ok\"}\n{\"create\":{}}\n{\"message\":}\n"),
                        new String[0], 200, List.of("\"errors\":true", "document_parsing_exception", "line [4]"),
                        1, "line [4]"));
    }

    private TopicTail<DeadLetter> deadLetters;

    @BeforeAll
    void followDeadLetters() {
        deadLetters = tail(topics.deadLetters());
    }

    @AfterAll
    void stopFollowing() {
        deadLetters.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalog")
    void shouldAnswerBadInputAsDocumented(BadInput input) {
        deadLetters.drain();

        HttpResponse<String> response = post(input.path(), input.contentType(), input.body(), input.headers());

        assertThat(response.statusCode()).as("status of: " + input.name()).isEqualTo(input.status());
        if (input.status() >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).as("content type")
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(response.body()).contains(input.answerSays());
        List<DeadLetter> added = new ArrayList<>();
        if (input.deadLetters() > 0) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                added.addAll(deadLetters.drain());
                assertThat(added).hasSize(input.deadLetters());
            });
            assertThat(added).allSatisfy(letter -> {
                assertThat(letter.reason()).contains(input.deadLetterSays());
                assertThat(letter.remoteAddress()).isEqualTo("127.0.0.1");
                assertThat(letter.source()).startsWith("ingest.");
            });
        } else {
            assertThat(deadLetters.drain()).isEmpty();
        }
    }

    @Test
    void shouldListTheFirstHundredViolationsOfAWebhookAndCountTheRest() throws IOException {
        deadLetters.drain();
        StringBuilder labels = new StringBuilder("\"alertname\":\"X\"");
        for (int i = 0; i < 60_000; i++) {
            labels.append(",\"l").append(i).append("\":0");
        }
        byte[] webhook = bytes(alert("\"labels\":{" + labels + "},\"startsAt\":\"2026-11-20T08:15:42Z\""));

        HttpResponse<String> response = post(WEBHOOK, JSON, webhook);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body().length()).as("until 2026-12-07 every violation, twice: 8 MB").isLessThan(16_000);
        JsonNode problem = Json.mapper().readTree(response.body());
        assertThat(problem.get("problems")).hasSize(FirstItems.LISTED);
        assertThat(problem.get("problemsOmitted").asInt()).isEqualTo(60_000 - FirstItems.LISTED);
        assertThat(problem.get("detail").asText()).contains("/alerts/0/labels/l0: ").endsWith("; and 59990 more");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(deadLetters.drain()).singleElement()
                .satisfies(letter -> assertThat(letter.reason()).startsWith("422 ").endsWith("; and 59990 more")));
    }

    @Test
    void shouldListTheFirstHundredRefusedLinesOfABatchAndCountTheRest() throws IOException {
        deadLetters.drain();
        byte[] batch = bytes("{\"message\":\"the one good line\"}\n" + "1\n".repeat(1000));

        HttpResponse<String> response = post("/logs", NDJSON, batch);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = Json.mapper().readTree(response.body());
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.get("refused")).hasSize(FirstItems.LISTED);
        assertThat(answer.at("/refused/99/line").asInt()).isEqualTo(101);
        assertThat(answer.get("refusedOmitted").asInt()).isEqualTo(1000 - FirstItems.LISTED);
        List<DeadLetter> added = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            added.addAll(deadLetters.drain());
            assertThat(added).as("every refused line is kept, listed or not").hasSize(1000);
        });
        assertThat(added).extracting(DeadLetter::reason).contains("line 1001: a log document must be a JSON object, got number 1");
    }

    private static BadInput refused(String name, String path, String contentType, String body, int status,
                                    String... answerSays) {
        return refused(name, path, contentType, bytes(body), status, answerSays);
    }

    private static BadInput refused(String name, String path, String contentType, byte[] body, int status,
                                    String... answerSays) {
        return new BadInput(name, path, contentType, body, new String[0], status, Arrays.asList(answerSays), 1,
                String.valueOf(status));
    }

    private static String alert(String fields) {
        return "{\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\"," + fields + "}]}";
    }

    /** A log document of two fields under the 1 MiB string limit each, too large together for one Kafka record. */
    private static String twoLongFields() {
        return "{\"message\":\"" + "m".repeat(600_000) + "\",\"stack\":\"" + "s".repeat(600_000) + "\"}";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] binary() {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        noise[0] = (byte) 0xFF;
        return noise;
    }

    /** 256 MiB of zeros, about 256 KiB gzipped: far past the 5 MiB limit once inflated. */
    private static byte[] gzipBomb() {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 256; i++) {
                gzip.write(zeros);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }
}
