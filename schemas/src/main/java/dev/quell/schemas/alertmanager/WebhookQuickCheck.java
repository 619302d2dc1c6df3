package dev.quell.schemas.alertmanager;

import static dev.quell.schemas.validation.JsonChecks.absentOrStrings;
import static dev.quell.schemas.validation.JsonChecks.absentOrText;
import static dev.quell.schemas.validation.JsonChecks.absentOrTime;
import static dev.quell.schemas.validation.JsonChecks.isOneOf;
import static dev.quell.schemas.validation.JsonChecks.isStrings;
import static dev.quell.schemas.validation.JsonChecks.isTime;

import com.fasterxml.jackson.databind.JsonNode;

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
        if (!root.isObject() || !isOneOf(root.get("status"), "firing", "resolved")) {
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
        if (!alert.isObject() || !isOneOf(alert.get("status"), "firing", "resolved")) {
            return false;
        }
        JsonNode labels = alert.get("labels");
        if (!isStrings(labels) || labels.isEmpty()) {
            return false;
        }
        return absentOrStrings(alert.get("annotations"))
                && isTime(alert.get("startsAt"))
                && absentOrTime(alert.get("endsAt"))
                && absentOrText(alert.get("generatorURL"))
                && absentOrFingerprint(alert.get("fingerprint"));
    }

    /** Absent, empty (computed from the labels) or in Alertmanager's form. */
    private static boolean absentOrFingerprint(JsonNode node) {
        return node == null || node.isTextual() && (node.textValue().isEmpty() || AlertFingerprint.isWellFormed(node.textValue()));
    }
}
