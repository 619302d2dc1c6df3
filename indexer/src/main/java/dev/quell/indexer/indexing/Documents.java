package dev.quell.indexer.indexing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.topics.Topics;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a record of one of the four indexed topics into its document:
 * <ul>
 *   <li>logs → {@code <prefix>YYYY.MM.DD} by {@code @timestamp} (UTC), or the data stream
 *       {@code logs-quell-default}: the document as shipped, with Quell's ECS fields laid over it
 *       and {@code quell.correlationKey}, {@code quell.receivedAt} — so a Kibana query on any shipped
 *       field ({@code level}, {@code response_time}, {@code user_id}) or ECS field works; id from
 *       topic, partition and offset;</li>
 *   <li>incidents → {@code quell-incidents}, id = incident id, external version = incident version;</li>
 *   <li>remediation events → {@code quell-remediations}, id = event id;</li>
 *   <li>dead letters → {@code quell-deadletter}, id from topic, partition and offset.</li>
 * </ul>
 */
public final class Documents {

    public static final String INCIDENTS_INDEX = "quell-incidents";
    public static final String REMEDIATIONS_INDEX = "quell-remediations";
    public static final String DEAD_LETTER_INDEX = "quell-deadletter";
    public static final String LOGS_DATA_STREAM = "logs-quell-default";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);
    /** Quell's own fields of a log event, and where they go in the document. */
    private static final Map<String, String> QUELL_FIELDS = Map.of("correlationKey", "quell.correlationKey",
            "receivedAt", "quell.receivedAt");

    private final ObjectMapper json = Json.mapper();
    private final Topics topics;
    private final String logsIndexPrefix;
    private final boolean logsDataStream;

    public Documents(Topics topics, String logsIndexPrefix, boolean logsDataStream) {
        this.topics = topics;
        this.logsIndexPrefix = logsIndexPrefix;
        this.logsDataStream = logsDataStream;
    }

    /** What {@link #kindOf} answers: the kinds of record the indexer takes. */
    public static final List<String> KINDS = List.of("logs", "incidents", "remediations", "deadletters");

    public String kindOf(String topic) {
        if (topic.equals(topics.logs().name())) {
            return "logs";
        }
        if (topic.equals(topics.incidents().name())) {
            return "incidents";
        }
        if (topic.equals(topics.remediations().name())) {
            return "remediations";
        }
        if (topic.equals(topics.deadLetters().name())) {
            return "deadletters";
        }
        throw new IllegalArgumentException("not an indexed topic: " + topic);
    }

    public Document of(ConsumerRecord<byte[], byte[]> record) throws MalformedRecordException {
        String kind = kindOf(record.topic());
        ObjectNode value = parse(record.value());
        String offsetId = record.topic() + "-" + record.partition() + "-" + record.offset();
        return switch (kind) {
            case "logs" -> logsDataStream
                    ? new Document(kind, LOGS_DATA_STREAM, offsetId, null, true, logDocument(value))
                    : new Document(kind, logsIndexPrefix + DAY.format(timestamp(value)), offsetId, null, false,
                    logDocument(value));
            case "incidents" -> new Document(kind, INCIDENTS_INDEX, text(value, "id"), version(value), false, value);
            case "remediations" -> new Document(kind, REMEDIATIONS_INDEX, text(value, "id"), null, false, value);
            default -> new Document(kind, DEAD_LETTER_INDEX, offsetId, null, false, value);
        };
    }

    /** The shipped document, with the log event's ECS fields laid over it where it has room for them. */
    private ObjectNode logDocument(ObjectNode event) {
        JsonNode original = event.get("original");
        ObjectNode document = original instanceof ObjectNode shipped ? shipped.deepCopy() : json.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = event.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("original")) {
                continue;
            }
            String path = QUELL_FIELDS.getOrDefault(field.getKey(), field.getKey());
            if (field.getKey().equals("labels") && document.get("labels") instanceof ObjectNode labels) {
                labels.setAll((ObjectNode) field.getValue().deepCopy());
            } else {
                put(document, path, field.getValue());
            }
        }
        return document;
    }

    /**
     * Sets a dotted ECS path: where the document spells it flat ({@code "log.level"}) that key,
     * otherwise nested objects; a path blocked by a shipped value that is not an object keeps the shipped value.
     */
    private static void put(ObjectNode document, String path, JsonNode value) {
        if (document.has(path) || !path.contains(".")) {
            document.set(path, value);
            return;
        }
        String[] parts = path.split("\\.");
        ObjectNode node = document;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = node.get(parts[i]);
            if (next == null) {
                next = node.putObject(parts[i]);
            } else if (!(next instanceof ObjectNode)) {
                return;
            }
            node = (ObjectNode) next;
        }
        node.set(parts[parts.length - 1], value);
    }

    private ObjectNode parse(byte[] value) throws MalformedRecordException {
        if (value == null) {
            throw new MalformedRecordException("the record has no value (a tombstone)");
        }
        try {
            JsonNode node = json.readTree(value);
            if (!(node instanceof ObjectNode object)) {
                throw new MalformedRecordException("the value is not a JSON object");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw new MalformedRecordException("the value is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedRecordException("the value is not JSON: " + e.getMessage());
        }
    }

    private static Instant timestamp(ObjectNode value) throws MalformedRecordException {
        String text = text(value, "@timestamp");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedRecordException("@timestamp: '" + text + "' is not an RFC 3339 time");
        }
    }

    private static long version(ObjectNode value) throws MalformedRecordException {
        JsonNode version = value.get("version");
        if (version == null || !version.canConvertToLong() || version.asLong() < 1) {
            throw new MalformedRecordException("version: a positive whole number is required");
        }
        return version.asLong();
    }

    private static String text(ObjectNode value, String field) throws MalformedRecordException {
        JsonNode node = value.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new MalformedRecordException(field + ": a non-empty string is required");
        }
        return node.asText();
    }
}
