package dev.quell.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.json.Json;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Payloads in the exact shape each shipper sends (written from their documented output formats,
 * with the seeds' log lines) are taken, and their fields land under ECS names.
 */
@MicronautTest
class ShipperPayloadsIT extends IngestTestSupport {

    private TopicTail<LogEvent> logs;

    @BeforeAll
    void followLogs() {
        logs = tail(topics.logs());
    }

    @AfterAll
    void stopFollowing() {
        logs.close();
    }

    @Test
    void shouldTakeFluentBitEsOutputThroughBulk() throws Exception {
        logs.drain();
        HttpResponse<String> response = post("/_bulk", "application/x-ndjson", shipper("fluent-bit-es-bulk.ndjson"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
        JsonNode answer = Json.mapper().readTree(response.body());
        assertThat(answer.get("errors").asBoolean()).isFalse();
        assertThat(answer.get("items")).hasSize(2);
        assertThat(answer.at("/items/0/create/status").asInt()).isEqualTo(201);
        assertThat(answer.at("/items/0/create/_index").asText()).isEqualTo("fluent-bit");
        assertThat(answer.at("/items/1/index/status").asInt()).isEqualTo(201);

        List<LogEvent> events = logs.drain();
        assertThat(events).hasSize(2);
        LogEvent api = events.stream().filter(e -> e.podName().startsWith("short-drama-api")).findFirst().orElseThrow();
        assertThat(api.namespace()).isEqualTo("short-drama-prod");
        assertThat(api.containerName()).isEqualTo("api");
        assertThat(api.hostName()).isEqualTo("node-3");
        assertThat(api.message()).contains("too many clients already");
        assertThat(api.timestamp()).isEqualTo(Instant.parse("2026-11-20T08:11:30.123Z"));
        assertThat(api.correlationKey()).isEqualTo("short-drama-prod/short-drama-api");
        assertThat(api.original().at("/kubernetes/docker_id").asText()).isEqualTo("0c8d1e2f3a4b");
    }

    /**
     * Shippers read the answer item by item (Filebeat retries what failed, by position), so each
     * item has Elasticsearch's exact shape: under the action's name, the created document's full
     * outcome, the refused one's status and error — and no field Elasticsearch would not write.
     */
    @Test
    void shouldAnswerEachBulkItemInElasticsearchsShape() throws Exception {
        logs.drain();
        HttpResponse<String> response = post("/_bulk", "application/x-ndjson", ("{\"index\":{\"_id\":\"a-1\"}}\n"
                + "{\"message\":\"taken\"}\n{\"create\":{\"_index\":\"logs-app\",\"_id\":\"b-2\"}}\n[1,2]\n")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = Json.mapper().readTree(response.body());
        assertThat(answer.get("took").isIntegralNumber()).isTrue();
        assertThat(answer.get("errors").asBoolean()).isTrue();
        assertThat(answer.get("items")).hasSize(2);
        assertThat(answer.at("/items/0")).isEqualTo(Json.mapper().readTree("{\"index\":{\"_index\":\"quell\","
                + "\"_id\":\"a-1\",\"_version\":1,\"result\":\"created\",\"_shards\":{\"total\":1,\"successful\":1,"
                + "\"failed\":0},\"_seq_no\":0,\"_primary_term\":1,\"status\":201}}"));
        assertThat(answer.at("/items/1")).isEqualTo(Json.mapper().readTree("{\"create\":{\"_index\":\"logs-app\","
                + "\"_id\":\"b-2\",\"status\":400,\"error\":{\"type\":\"document_parsing_exception\","
                + "\"reason\":\"line [4]: the document must be a JSON object\"}}}"));
        assertThat(logs.drain()).extracting(LogEvent::message).containsExactly("taken");
    }

    /**
     * Documents are read and sent one by one, but the structure of the whole request is checked
     * first: a broken action line after good actions refuses the request before any is sent. Both
     * documents have the same correlation key, so had the first been sent it would precede the second.
     */
    @Test
    void shouldTakeNothingOfABulkRequestWhoseStructureBreaksAfterGoodActions() {
        logs.drain();
        HttpResponse<String> broken = post("/_bulk", "application/x-ndjson", ("{\"index\":{}}\n"
                + "{\"message\":\"before the break\"}\n{\"index\":\n{\"message\":\"x\"}\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> good = post("/_bulk", "application/x-ndjson",
                "{\"index\":{}}\n{\"message\":\"after the break\"}\n".getBytes(StandardCharsets.UTF_8));

        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(logs.drain()).extracting(LogEvent::message).containsExactly("after the break");
    }

    @Test
    void shouldTakeVectorElasticsearchSinkThroughBulkIntoAnIndex() throws Exception {
        logs.drain();
        HttpResponse<String> response = post("/vector-2026.11.20/_bulk", "application/x-ndjson",
                gzip(shipper("vector-es-bulk.ndjson")), "Content-Encoding", "gzip");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(response.body()).get("errors").asBoolean()).isFalse();
        LogEvent event = logs.drain().get(0);
        assertThat(event.namespace()).isEqualTo("one-data-system");
        assertThat(event.podName()).isEqualTo("agent-api-6c7d8-abcde");
        assertThat(event.hostName()).isEqualTo("node-2");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-20T08:15:40.987654321Z"));
        assertThat(event.correlationKey()).isEqualTo("one-data-system/agent-api");
    }

    @Test
    void shouldTakeLogstashElasticsearchOutputWithFilebeatEcsFields() throws Exception {
        logs.drain();
        HttpResponse<String> response = post("/_bulk", "application/json", shipper("logstash-es-bulk.ndjson"));

        assertThat(response.statusCode()).isEqualTo(200);
        LogEvent event = logs.drain().get(0);
        assertThat(event.serviceName()).isEqualTo("rag-pipeline");
        assertThat(event.level()).isEqualTo("INFO");
        assertThat(event.hostName()).isEqualTo("rag-pipeline-1");
        assertThat(event.correlationKey()).isEqualTo("-/rag-pipeline");
        assertThat(event.original().get("duration_ms").asInt()).isEqualTo(5400);
        assertThat(event.original().get("request_id").asText()).isEqualTo("abc123");
    }

    @Test
    void shouldTakeFluentBitHttpJsonLinesFromDockerContainers() {
        logs.drain();
        HttpResponse<String> response = post("/logs", "application/x-ndjson", shipper("fluent-bit-http-json-lines.ndjson"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"accepted\":2");
        List<LogEvent> events = logs.drain();
        assertThat(events).extracting(LogEvent::containerName).containsOnly("dpa-api");
        assertThat(events).extracting(LogEvent::timestamp)
                .contains(Instant.parse("2026-11-20T08:11:30.123456Z"), Instant.parse("2026-11-20T08:11:31.500Z"));
        assertThat(events.get(0).message()).contains("QueuePool limit");
    }

    @Test
    void shouldTakeFluentBitHttpJsonArrays() {
        logs.drain();
        HttpResponse<String> response = post("/logs", "application/json", shipper("fluent-bit-http-json.json"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(logs.drain()).extracting(LogEvent::containerName).containsOnly("cot-celery-worker", "cot-redis");
    }

    @Test
    void shouldTakeVectorHttpSinkNdjsonGzipped() {
        logs.drain();
        HttpResponse<String> response = post("/logs", "application/x-ndjson",
                gzip(shipper("vector-http-ndjson.ndjson")), "Content-Encoding", "gzip");

        assertThat(response.statusCode()).isEqualTo(200);
        List<LogEvent> events = logs.drain();
        assertThat(events).hasSize(2);
        LogEvent app = events.stream().filter(e -> "ERROR".equals(e.level())).findFirst().orElseThrow();
        assertThat(app.message()).isEqualTo("certificate has expired");
        assertThat(app.namespace()).isEqualTo("self-rag");
        assertThat(app.correlationKey()).isEqualTo("self-rag/rag-pipeline");
        assertThat(app.original().get("tenant_id").asText()).isEqualTo("tenant_002");
    }

    @Test
    void shouldAnswerTheVersionProbesShippersMake() throws Exception {
        HttpResponse<String> root = get("/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
        assertThat(Json.mapper().readTree(root.body()).at("/version/number").asText()).startsWith("8.");

        assertThat(Json.mapper().readTree(get("/_cluster/health").body()).get("status").asText()).isEqualTo("green");
        assertThat(Json.mapper().readTree(get("/_license").body()).at("/license/status").asText()).isEqualTo("active");
    }

    private static byte[] shipper(String name) {
        try (InputStream in = ShipperPayloadsIT.class.getResourceAsStream("/shippers/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
