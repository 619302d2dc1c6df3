package dev.quell.indexer.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DocumentsTest {

    private final Topics topics = Topics.defaults();
    private final Documents documents = new Documents(topics, "quell-logs-", false);

    private static final String LOG_EVENT = """
            {"@timestamp":"2026-11-22T07:59:01Z","message":"request failed","log.level":"ERROR",
             "service.name":"short-drama-api","kubernetes.namespace":"short-drama-prod","labels":{"tenant":"t1"},
             "correlationKey":"short-drama-prod/short-drama-api","receivedAt":"2026-11-22T08:00:00Z",
             "original":{"@timestamp":"2026-11-22T07:59:01Z","level":"ERROR","user_id":"12345","response_time":2600,
                         "kubernetes":{"namespace_name":"short-drama-prod"},"labels":{"team":"drama"},"log.level":"ERROR"}}
            """;

    @Test
    void shouldLayTheEcsFieldsOverTheShippedDocument() throws Exception {
        Document document = documents.of(record(topics.logs().name(), 2, 41, LOG_EVENT));

        assertThat(document.index()).isEqualTo("quell-logs-2026.11.22");
        assertThat(document.id()).isEqualTo("quell.logs.v1-2-41");
        ObjectNode source = document.source();
        assertThat(source.get("user_id").asText()).isEqualTo("12345");
        assertThat(source.get("response_time").asInt()).isEqualTo(2600);
        assertThat(source.get("level").asText()).isEqualTo("ERROR");
        assertThat(source.at("/kubernetes/namespace").asText()).isEqualTo("short-drama-prod");
        assertThat(source.at("/kubernetes/namespace_name").asText()).isEqualTo("short-drama-prod");
        assertThat(source.at("/service/name").asText()).isEqualTo("short-drama-api");
        assertThat(source.get("log.level").asText()).as("a flat key the shipper used stays flat").isEqualTo("ERROR");
        assertThat(source.has("log")).isFalse();
        assertThat(source.at("/labels/team").asText()).isEqualTo("drama");
        assertThat(source.at("/labels/tenant").asText()).isEqualTo("t1");
        assertThat(source.at("/quell/correlationKey").asText()).isEqualTo("short-drama-prod/short-drama-api");
        assertThat(source.at("/quell/receivedAt").asText()).isEqualTo("2026-11-22T08:00:00Z");
        assertThat(source.has("original")).isFalse();
    }

    @Test
    void shouldKeepAShippedValueThatBlocksAnEcsPath() throws Exception {
        String event = LOG_EVENT.replace("\"kubernetes\":{\"namespace_name\":\"short-drama-prod\"}", "\"kubernetes\":\"node-7\"");

        ObjectNode source = documents.of(record(topics.logs().name(), 0, 1, event)).source();

        assertThat(source.get("kubernetes").asText()).isEqualTo("node-7");
    }

    @Test
    void shouldWriteLogsToTheDataStreamWithCreateWhenConfigured() throws Exception {
        Document document = new Documents(topics, "quell-logs-", true).of(record(topics.logs().name(), 0, 7, LOG_EVENT));

        assertThat(document.index()).isEqualTo("logs-quell-default");
        assertThat(document.create()).isTrue();
        BulkOperation operation = IndexingLoop.operation(document);
        assertThat(operation.isCreate()).isTrue();
        assertThat(operation.create().id()).isEqualTo("quell.logs.v1-0-7");
    }

    @Test
    void shouldIndexAnIncidentByIdWithItsVersionAsExternalVersion() throws Exception {
        Document document = documents.of(record(topics.incidents().name(), 1, 3,
                "{\"id\":\"inc-abc-1\",\"version\":4,\"severity\":\"P1\"}"));

        assertThat(document.index()).isEqualTo("quell-incidents");
        assertThat(document.id()).isEqualTo("inc-abc-1");
        BulkOperation operation = IndexingLoop.operation(document);
        assertThat(operation.index().version()).isEqualTo(4L);
        assertThat(operation.index().versionType()).isEqualTo(VersionType.External);
        assertThat(IndexingLoop.operation(documents.of(record(topics.incidents().name(), 1, 4,
                "{\"id\":\"inc-abc-2\",\"version\":1,\"severity\":\"P1\"}"))).index().version())
                .as("an incident's first version").isEqualTo(1L);
    }

    @Test
    void shouldIndexRemediationEventsByEventIdAndDeadLettersByOffset() throws Exception {
        assertThat(documents.of(record(topics.remediations().name(), 0, 9, "{\"id\":\"evt-1\",\"type\":\"x\"}")))
                .satisfies(document -> {
                    assertThat(document.index()).isEqualTo("quell-remediations");
                    assertThat(document.id()).isEqualTo("evt-1");
                    assertThat(document.externalVersion()).isNull();
                });
        assertThat(documents.of(record(topics.deadLetters().name(), 4, 2, "{\"source\":\"ingest.logs\"}")).id())
                .isEqualTo("quell.deadletter.v1-4-2");
    }

    @Test
    void shouldNameWhatMakesARecordUnindexable() {
        assertThatThrownBy(() -> documents.of(record(topics.logs().name(), 0, 1, "not json")))
                .isInstanceOf(MalformedRecordException.class).hasMessageStartingWith("the value is not JSON");
        assertThatThrownBy(() -> documents.of(record(topics.logs().name(), 0, 1, "{\"@timestamp\":\"yesterday\"}")))
                .hasMessage("@timestamp: 'yesterday' is not an RFC 3339 time");
        assertThatThrownBy(() -> documents.of(record(topics.incidents().name(), 0, 1, "{\"id\":\"i\",\"version\":0}")))
                .hasMessage("version: a positive whole number is required");
        assertThatThrownBy(() -> documents.of(record(topics.remediations().name(), 0, 1, "[]")))
                .hasMessage("the value is not a JSON object");
        assertThatThrownBy(() -> documents.of(new ConsumerRecord<>(topics.incidents().name(), 0, 1, new byte[0], null)))
                .hasMessage("the record has no value (a tombstone)");
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, int partition, long offset, String value) {
        return new ConsumerRecord<>(topic, partition, offset, "k".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

}
