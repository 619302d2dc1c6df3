package dev.quell.schemas.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.TestPayloads;
import dev.quell.schemas.alertmanager.AlertmanagerWebhookParser;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.ecs.LogEvents;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.validation.JsonMutants;
import dev.quell.schemas.validation.QuickCheck;
import dev.quell.schemas.validation.SchemaValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The input topics' quick checks may pass an event only when its schema passes it too: over
 * tens of thousands of mutants of the events ingest writes (fields removed, retyped, added;
 * fingerprints, correlation keys and times in forms the checks must leave to the validator),
 * never once does a check pass what the schema refuses. And they pass what ingest writes, or
 * they would save nothing.
 */
class EventQuickChecksTest {

    private static final SchemaValidator ALERT_SCHEMA = SchemaValidator.forSchema("alert-event.schema.json");
    private static final SchemaValidator LOG_SCHEMA = SchemaValidator.forSchema("log-event.schema.json");
    private static final Instant NOW = Instant.parse("2026-11-27T21:40:00.123Z");
    /** Texts the two schemas' patterns are particular about. */
    private static final List<String> PATTERNED = List.of("0123456789abcdef", "0123456789ABCDEF", "0123456789abcde",
            "0123456789abcdef0", "g123456789abcdef", "0123456789abcde\n", "ns/svc", "/svc", "ns/", "ns//", "a/b/c",
            "ns/svc\n", "ns\n/svc", "ns/s\rvc", "ns/\u2028", "ns/\u0085", "ns/\u0000", "ns/\u001f", "ns/ a", "ns/\u007e", "ns/\u007f", "ns/\u009f",
            "ns/\u00a0", "ns/\u2029", "命名空间/服务", "nosvc", "firing",
            "resolved", "");

    @Test
    void shouldPassTheEventsIngestWrites() throws Exception {
        for (JsonNode alert : alertEvents()) {
            assertThat(ALERT_SCHEMA.problems(alert)).as(alert.toString()).isEmpty();
            assertThat(EventQuickChecks.alertEvent(alert)).as(alert.toString()).isTrue();
        }
        for (JsonNode log : logEvents()) {
            assertThat(LOG_SCHEMA.problems(log)).as(log.toString()).isEmpty();
            assertThat(EventQuickChecks.logEvent(log)).as(log.toString()).isTrue();
        }
    }

    @Test
    void shouldNeverPassAnAlertEventTheSchemaRefuses() throws Exception {
        assertNeverPassesWhatTheSchemaRefuses(ALERT_SCHEMA, EventQuickChecks::alertEvent, alertEvents(),
                List.of("fingerprint", "correlationKey", "alertname", "status", "labels", "annotations", "startsAt",
                        "endsAt", "receivedAt", "generatorURL", "receiver"));
    }

    @Test
    void shouldNeverPassALogEventTheSchemaRefuses() throws Exception {
        assertNeverPassesWhatTheSchemaRefuses(LOG_SCHEMA, EventQuickChecks::logEvent, logEvents(),
                List.of("@timestamp", "correlationKey", "receivedAt", "original", "message", "log.level", "labels",
                        "trace.id", "kubernetes.pod.name"));
    }

    private static void assertNeverPassesWhatTheSchemaRefuses(SchemaValidator schema, QuickCheck check,
                                                              List<JsonNode> bases, List<String> fieldNames) {
        new JsonMutants(20261127, fieldNames, PATTERNED).assertNeverPassesWhatTheSchemaRefuses(schema, check, bases, 20_000);
    }

    /** The two alerts of a real webhook as ingest writes them, one resolved, and one with nothing optional. */
    private static List<JsonNode> alertEvents() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (AlertEvent event : new AlertmanagerWebhookParser().parse(TestPayloads.bytes("alertmanager-two-alerts.json"))
                .toAlertEvents(CorrelationKeys.defaults(), NOW)) {
            events.add(Json.mapper().valueToTree(event));
        }
        AlertEvent first = SampleEvents.serviceDown();
        events.add(Json.mapper().valueToTree(new AlertEvent(first.fingerprint(), first.correlationKey(), first.alertname(),
                AlertStatus.RESOLVED, first.labels(), first.annotations(), first.startsAt(), NOW.minusSeconds(5),
                first.generatorURL(), first.receiver(), first.groupKey(), first.externalURL(), NOW)));
        events.add(Json.mapper().valueToTree(new AlertEvent("00000000000000ff", "default/api", "X", AlertStatus.FIRING,
                Map.of(), null, NOW, null, null, null, null, null, NOW)));
        return events;
    }

    /** The seeds' structured log line as ingest writes it, and a bare line with only what is required. */
    private static List<JsonNode> logEvents() throws Exception {
        ObjectNode bare = Json.mapper().createObjectNode();
        bare.put("@timestamp", "2026-11-27T21:40:00+08:00").put("message", "connection refused");
        return List.of(
                Json.mapper().valueToTree(SampleEvents.ragPipelineLog()),
                Json.mapper().valueToTree(LogEvents.fromEcs(bare, CorrelationKeys.defaults(), NOW, "")));
    }
}
