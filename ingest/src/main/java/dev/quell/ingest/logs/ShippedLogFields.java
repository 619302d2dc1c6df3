package dev.quell.ingest.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.ecs.EcsDocument;
import dev.quell.schemas.time.Rfc3339;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Answers ECS field names for a shipped log document, whatever shape its shipper gave it: ECS
 * itself (nested or dotted) first, then the flat fields of Fluent Bit ({@code log}, {@code time},
 * {@code kubernetes.namespace_name}, …), Vector ({@code message}, {@code timestamp},
 * {@code kubernetes.pod_namespace}, …), Docker ({@code container_name}) and application JSON logs
 * ({@code level}, {@code msg}, {@code timestamp}).
 *
 * <p>{@code @timestamp} is answered as RFC 3339: a document's own {@code @timestamp} as written (a
 * bad one is the document's error), a flat time field converted from RFC 3339 or epoch seconds or
 * milliseconds, or nothing when no field holds a usable time.
 */
public final class ShippedLogFields implements Function<String, String> {

    private static final List<String> FLAT_TIME_FIELDS = List.of("timestamp", "time", "date", "ts");
    /** 2^40 seconds, ~35,000 years: past the years 0000 to 9999 either way, and well inside a {@code long}. */
    private static final BigDecimal FAR_PAST_ANY_YEAR = BigDecimal.valueOf(1L << 40);

    /** ECS name → the fields that may hold it, in order; the ECS name itself is always tried first. */
    private static final Map<String, List<String>> FALLBACKS = Map.of(
            "message", List.of("msg", "log"),
            "log.level", List.of("level", "severity", "levelname", "loglevel"),
            "service.name", List.of("service", "app", "application"),
            "host.name", List.of("hostname", "host", "kubernetes.host", "kubernetes.pod_node_name"),
            "kubernetes.namespace", List.of("kubernetes.namespace_name", "kubernetes.pod_namespace"),
            "kubernetes.pod.name", List.of("kubernetes.pod_name"),
            "kubernetes.container.name", List.of("kubernetes.container_name", "container_name"),
            "trace.id", List.of("trace_id", "traceId", "traceid"),
            "kubernetes.labels.app", List.of("kubernetes.pod_labels.app", "kubernetes.labels.app.kubernetes.io/name",
                    "kubernetes.pod_labels.app.kubernetes.io/name"));

    private final EcsDocument document;

    public ShippedLogFields(ObjectNode document) {
        this.document = new EcsDocument(document);
    }

    @Override
    public String apply(String ecsName) {
        if (ecsName.equals("@timestamp")) {
            return timestamp();
        }
        String value = document.text(ecsName);
        if (value != null) {
            return value;
        }
        for (String fallback : FALLBACKS.getOrDefault(ecsName, List.of())) {
            value = document.text(fallback);
            if (value != null && !value.isBlank()) {
                return fallback.equals("container_name") ? stripLeadingSlash(value) : value;
            }
        }
        return null;
    }

    private String timestamp() {
        String own = document.text("@timestamp");
        if (own != null) {
            return own;
        }
        for (String field : FLAT_TIME_FIELDS) {
            JsonNode node = document.node(field);
            Instant instant = node == null ? null : lenientInstant(node);
            if (instant != null) {
                return instant.toString();
            }
        }
        return null;
    }

    /** The field's time, or {@code null} when it holds none an event can carry (the years 0000 to 9999). */
    private static Instant lenientInstant(JsonNode node) {
        Instant instant = anyInstant(node);
        return instant == null || !Rfc3339.inWritableYears(instant.getEpochSecond()) ? null : instant;
    }

    private static Instant anyInstant(JsonNode node) {
        if (node.isNumber()) {
            return fromEpoch(node.decimalValue());
        }
        if (!node.isTextual()) {
            return null;
        }
        String text = node.asText().trim();
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException notRfc3339) {
            try {
                return fromEpoch(new BigDecimal(text));
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
    }

    /**
     * Seconds (Fluent Bit's {@code date}: 1700000000.123) or, for values past the year 5138,
     * milliseconds; {@code null} for a number of seconds far past any year an event can carry, which
     * a {@code long} or an {@code Instant} could not hold (until 2026-12-07 it threw out of the
     * mapping, and the request failed).
     */
    private static Instant fromEpoch(BigDecimal epoch) {
        BigDecimal seconds = epoch.compareTo(BigDecimal.valueOf(100_000_000_000L)) > 0
                ? epoch.movePointLeft(3) : epoch;
        if (seconds.abs().compareTo(FAR_PAST_ANY_YEAR) > 0) {
            return null;
        }
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    private static String stripLeadingSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
