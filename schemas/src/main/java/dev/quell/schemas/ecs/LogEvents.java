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

/** Turns one ECS log document into the {@link LogEvent} that goes on {@code quell.logs.v1}. */
public final class LogEvents {

    private LogEvents() {
    }

    /**
     * @param pointer where the document sits in its request, for errors ({@code ""}, {@code "/3"}, …)
     * @throws PayloadException when {@code @timestamp} is present but not an RFC 3339 time
     */
    public static LogEvent fromEcs(ObjectNode document, CorrelationKeys keys, Instant receivedAt, String pointer)
            throws PayloadException {
        EcsDocument ecs = new EcsDocument(document);
        String timestamp = ecs.text("@timestamp");
        Instant at = timestamp == null ? receivedAt : Rfc3339.parse(timestamp, pointer + "/@timestamp");
        return new LogEvent(
                at,
                ecs.text("message"),
                ecs.text("log.level"),
                ecs.text("service.name"),
                ecs.text("host.name"),
                ecs.text("kubernetes.namespace"),
                ecs.text("kubernetes.pod.name"),
                ecs.text("kubernetes.container.name"),
                ecs.text("trace.id"),
                labels(ecs.node("labels")),
                keys.forLogFields(ecs::text),
                receivedAt,
                document);
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
