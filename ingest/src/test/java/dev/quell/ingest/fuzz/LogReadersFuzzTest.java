package dev.quell.ingest.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.quell.ingest.bulk.BulkRequest;
import dev.quell.ingest.config.IngestConfig;
import dev.quell.ingest.logs.LogBatch;
import dev.quell.ingest.logs.LogEventMapper;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.json.MalformedPayloadException;
import dev.quell.schemas.json.PayloadException;
import dev.quell.schemas.json.PayloadProblem;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.Topics;
import dev.quell.service.config.ConfigReader;
import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Jazzer over the readers of shipped logs, each followed by the ECS mapping the documents go
 * through: whatever the bytes, the NDJSON, JSON and {@code _bulk} readers answer with items (each a
 * document or a named problem) or their own named refusal, and mapping a document answers a
 * {@code LogEvent} or a {@link PayloadException} — never another exception; and the event, written
 * to the logs topic and read back, carries the document as it was read. A normal test run
 * replays each method's corpus; {@code JAZZER_FUZZ=1} fuzzes (docs/reliability.md).
 */
class LogReadersFuzzTest {

    private static final LogEventMapper MAPPER = new LogEventMapper(IngestConfig.from(new ConfigReader(
            new PropertySourcePropertyResolver(new MapPropertySource("fuzz", Map.of())))));
    private static final Topic<String, LogEvent> LOGS = Topics.defaults().logs();

    @FuzzTest(maxDuration = "30s")
    void ndjsonReaderAnswersItemsOrNamedProblems(@NotNull byte[] body) {
        map(LogBatch.ndjson(body).toList().stream().map(item -> item.document() == null ? null
                : new Mappable(item.document(), item.pointer())).toList());
    }

    @FuzzTest(maxDuration = "30s")
    void jsonReaderAnswersItemsOrAMalformedPayload(@NotNull byte[] body) {
        try {
            map(LogBatch.json(body).toList().stream().map(item -> item.document() == null ? null
                    : new Mappable(item.document(), item.pointer())).toList());
        } catch (MalformedPayloadException expected) {
            // a named refusal is the right answer to bad input
        }
    }

    @FuzzTest(maxDuration = "30s")
    void bulkReaderAnswersItemsOrAMalformedBulk(@NotNull byte[] body) {
        try {
            map(BulkRequest.parse(body, "fuzz").toList().stream().map(item -> item.document() == null ? null
                    : new Mappable(item.document(), "/" + item.line())).toList());
        } catch (BulkRequest.MalformedBulkException expected) {
            // a named refusal is the right answer to bad input
        }
    }

    private record Mappable(com.fasterxml.jackson.databind.node.ObjectNode document, String pointer) {
    }

    private static void map(List<Mappable> documents) {
        for (Mappable document : documents) {
            if (document == null) {
                continue;
            }
            try {
                LogEvent event = MAPPER.map(document.document(), Instant.EPOCH, document.pointer());
                byte[] record = LOGS.valueSerde().serializer().serialize(LOGS.name(), event);
                LogEvent read = LOGS.valueSerde().deserializer().deserialize(LOGS.name(), record);
                if (!read.original().equals(document.document())) {
                    throw new AssertionError("the shipped document did not read back as it was read: "
                            + new String(record, StandardCharsets.UTF_8));
                }
                // what ingest takes, the streams service must take too: not a dead letter after a 200
                List<PayloadProblem> problems = LOGS.validator().problems(Json.mapper().readTree(record));
                if (!problems.isEmpty()) {
                    throw new AssertionError("a document taken became a log event its topic's schema refuses: "
                            + problems + " in " + new String(record, StandardCharsets.UTF_8));
                }
            } catch (java.io.IOException e) {
                throw new AssertionError("a log event written did not read as JSON", e);
            } catch (PayloadException expected) {
                // a document Quell cannot take is refused by name
            }
        }
    }
}
