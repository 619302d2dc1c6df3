package dev.quell.schemas.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * One shipped log line on {@code quell.logs.v1}: the ECS fields Quell reads, named as ECS names
 * them, plus the document exactly as it was shipped ({@code original}) for indexing.
 *
 * @param correlationKey {@code namespace/service}, the record key
 * @param receivedAt     when ingest received the line
 * @param original       the shipped document, whole
 */
public record LogEvent(
        @JsonProperty("@timestamp") Instant timestamp,
        @JsonProperty("message") String message,
        @JsonProperty("log.level") String level,
        @JsonProperty("service.name") String serviceName,
        @JsonProperty("host.name") String hostName,
        @JsonProperty("kubernetes.namespace") String namespace,
        @JsonProperty("kubernetes.pod.name") String podName,
        @JsonProperty("kubernetes.container.name") String containerName,
        @JsonProperty("trace.id") String traceId,
        @JsonProperty("labels") Map<String, String> labels,
        @JsonProperty("correlationKey") String correlationKey,
        @JsonProperty("receivedAt") Instant receivedAt,
        @JsonProperty("original") ObjectNode original) {

    public LogEvent {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
