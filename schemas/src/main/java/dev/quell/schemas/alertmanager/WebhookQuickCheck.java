package dev.quell.schemas.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.time.Rfc3339;
import java.util.Iterator;

/**
 * A quick check for the common webhook: {@code true} only when every constraint of
 * {@code alertmanager-webhook-v4.schema.json} surely holds, so the schema validator (an eighth of
 * the webhook route's time in the ingest profile) need not run; {@code false} whenever in doubt,
 * and the validator decides and names what is wrong. Conservative by construction — times only in
 * the common RFC 3339 form, integers only as JSON integers — and held to it by a differential test
 * against the schema ({@code WebhookQuickCheckTest}).
 */
final class WebhookQuickCheck {

    private WebhookQuickCheck() {
    }

    static boolean surelyValid(JsonNode root) {
        if (!root.isObject() || !isStatus(root.get("status"))) {
            return false;
        }
        if (!absentOrText(root.get("version")) || !absentOrText(root.get("groupKey"))
                || !absentOrText(root.get("receiver")) || !absentOrText(root.get("externalURL"))) {
            return false;
        }
        JsonNode truncated = root.get("truncatedAlerts");
        if (truncated != null && !(truncated.isIntegralNumber() && truncated.bigIntegerValue().signum() >= 0)) {
            return false;
        }
        if (!absentOrStrings(root.get("groupLabels")) || !absentOrStrings(root.get("commonLabels"))
                || !absentOrStrings(root.get("commonAnnotations"))) {
            return false;
        }
        JsonNode alerts = root.get("alerts");
        if (alerts == null || !alerts.isArray()) {
            return false;
        }
        for (JsonNode alert : alerts) {
            if (!alertSurelyValid(alert)) {
                return false;
            }
        }
        return true;
    }

    private static boolean alertSurelyValid(JsonNode alert) {
        if (!alert.isObject() || !isStatus(alert.get("status"))) {
            return false;
        }
        JsonNode labels = alert.get("labels");
        if (labels == null || !isStrings(labels) || labels.isEmpty()) {
            return false;
        }
        return absentOrStrings(alert.get("annotations"))
                && isTime(alert.get("startsAt"))
                && (alert.get("endsAt") == null || isTime(alert.get("endsAt")))
                && absentOrText(alert.get("generatorURL"))
                && absentOrText(alert.get("fingerprint"));
    }

    private static boolean isStatus(JsonNode node) {
        return node != null && node.isTextual() && (node.textValue().equals("firing") || node.textValue().equals("resolved"));
    }

    /** A time in the common form, but not with RFC 3339's "unknown local offset" {@code -00:00}, which the validator refuses. */
    private static boolean isTime(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().endsWith("-00:00")
                && Rfc3339.parseCommonForm(node.textValue()) != null;
    }

    private static boolean absentOrText(JsonNode node) {
        return node == null || node.isTextual();
    }

    private static boolean absentOrStrings(JsonNode node) {
        return node == null || isStrings(node);
    }

    private static boolean isStrings(JsonNode node) {
        if (!node.isObject()) {
            return false;
        }
        for (Iterator<JsonNode> values = node.elements(); values.hasNext(); ) {
            if (!values.next().isTextual()) {
                return false;
            }
        }
        return true;
    }
}
