package dev.quell.schemas.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.json.PayloadException;
import dev.quell.schemas.time.Rfc3339;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Turns one shipped log document into the {@link LogEvent} that goes on {@code quell.logs.v1}. */
public final class LogEvents {

    private LogEvents() {
    }

    /**
     * From a document that uses ECS field names (nested, dotted or mixed).
     *
     * @param pointer where the document sits in its request, for errors ({@code ""}, {@code "/3"}, …)
     * @throws PayloadException when {@code @timestamp} is present but not an RFC 3339 time
     */
    public static LogEvent fromEcs(ObjectNode document, CorrelationKeys keys, Instant receivedAt, String pointer)
            throws PayloadException {
        return fromFields(new EcsDocument(document)::text, document, keys, receivedAt, pointer);
    }

    /**
     * From any document, given a look-up that answers ECS field names for it (a shipper's flat
     * fields mapped to ECS, say). {@code original} is kept whole; its {@code labels} object gives the labels.
     */
    public static LogEvent fromFields(Function<String, String> ecsField, ObjectNode original, CorrelationKeys keys,
                                      Instant receivedAt, String pointer) throws PayloadException {
        String timestamp = ecsField.apply("@timestamp");
        Instant at = timestamp == null ? receivedAt : Rfc3339.parse(timestamp, pointer + "/@timestamp");
        return new LogEvent(
                at,
                ecsField.apply("message"),
                ecsField.apply("log.level"),
                ecsField.apply("service.name"),
                ecsField.apply("host.name"),
                ecsField.apply("kubernetes.namespace"),
                ecsField.apply("kubernetes.pod.name"),
                ecsField.apply("kubernetes.container.name"),
                ecsField.apply("trace.id"),
                labels(new EcsDocument(original).node("labels")),
                keys.forLogFields(ecsField),
                receivedAt,
                original);
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> result = new LinkedHashMap<>();
        if (labels != null && labels.isObject()) {
            labels.fields().forEachRemaining(entry -> {
                if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
                    result.put(entry.getKey(), entry.getValue().asText());
                }
            });
        }
        return result;
    }
}
