package dev.quell.schemas.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.json.BoundedJsonReader;
import dev.quell.schemas.json.PayloadException;
import dev.quell.schemas.time.Rfc3339;
import dev.quell.schemas.validation.SchemaValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an Alertmanager webhook v4 body. The common webhook is read straight from its tokens
 * ({@link WebhookStreamReader}); any other document is read into a tree and checked against
 * {@code schemas/alertmanager-webhook-v4.schema.json} (by a {@link WebhookQuickCheck} when it is
 * surely valid), so every refusal names the field by JSON pointer; fields Alertmanager added later
 * ({@code notification_reason}, …) are ignored.
 * Thread-safe.
 */
public final class AlertmanagerWebhookParser {

    public static final String SCHEMA = "alertmanager-webhook-v4.schema.json";

    private final SchemaValidator validator = SchemaValidator.forSchema(SCHEMA, WebhookQuickCheck::surelyValid);

    public AlertmanagerWebhook parse(byte[] body) throws PayloadException {
        Optional<AlertmanagerWebhook> common = WebhookStreamReader.read(body);
        return common.isPresent() ? common.get() : parseTree(body);
    }

    /** The definition: the document as a tree, validated against the schema, then read. */
    AlertmanagerWebhook parseTree(byte[] body) throws PayloadException {
        JsonNode root = BoundedJsonReader.read(body);
        validator.validate(root);
        List<AlertmanagerWebhook.Alert> alerts = new ArrayList<>();
        JsonNode alertNodes = root.get("alerts");
        for (int i = 0; i < alertNodes.size(); i++) {
            alerts.add(alert(alertNodes.get(i), "/alerts/" + i));
        }
        return new AlertmanagerWebhook(
                text(root, "version"),
                text(root, "groupKey"),
                root.path("truncatedAlerts").asInt(0),
                status(root.get("status")),
                text(root, "receiver"),
                strings(root.get("groupLabels")),
                strings(root.get("commonLabels")),
                strings(root.get("commonAnnotations")),
                text(root, "externalURL"),
                alerts);
    }

    private static AlertmanagerWebhook.Alert alert(JsonNode node, String pointer) throws PayloadException {
        Map<String, String> labels = strings(node.get("labels"));
        String fingerprint = text(node, "fingerprint");
        if (fingerprint == null || fingerprint.isEmpty()) {
            fingerprint = AlertFingerprint.of(labels);
        }
        Instant endsAt = Rfc3339.parseOrZero(text(node, "endsAt"), pointer + "/endsAt");
        return new AlertmanagerWebhook.Alert(
                status(node.get("status")),
                labels,
                strings(node.get("annotations")),
                Rfc3339.parse(text(node, "startsAt"), pointer + "/startsAt"),
                endsAt,
                text(node, "generatorURL"),
                fingerprint);
    }

    private static AlertStatus status(JsonNode node) {
        return "resolved".equals(node.asText()) ? AlertStatus.RESOLVED : AlertStatus.FIRING;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> result = new LinkedHashMap<>();
        if (object != null && object.isObject()) {
            object.fields().forEachRemaining(entry -> result.put(entry.getKey(), entry.getValue().asText()));
        }
        return result;
    }
}
