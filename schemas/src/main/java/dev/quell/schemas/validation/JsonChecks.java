package dev.quell.schemas.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.time.Rfc3339;
import java.util.Iterator;

/**
 * Conservative tests of one JSON value against the schema constructs Quell's schemas use, for
 * {@link QuickCheck}s: each is {@code true} only when the construct surely holds.
 */
public final class JsonChecks {

    private JsonChecks() {
    }

    /** {@code "type": "string"}, the field required. */
    public static boolean isText(JsonNode node) {
        return node != null && node.isTextual();
    }

    /** {@code "type": "string"}, the field optional. */
    public static boolean absentOrText(JsonNode node) {
        return node == null || node.isTextual();
    }

    /** {@code "enum"} of strings. */
    public static boolean isOneOf(JsonNode node, String first, String second) {
        return isText(node) && (node.textValue().equals(first) || node.textValue().equals(second));
    }

    /** {@code "type": "object", "additionalProperties": {"type": "string"}}, the field required. */
    public static boolean isStrings(JsonNode node) {
        if (node == null || !node.isObject()) {
            return false;
        }
        for (Iterator<JsonNode> values = node.elements(); values.hasNext(); ) {
            if (!values.next().isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** {@code "type": "object", "additionalProperties": {"type": "string"}}, the field optional. */
    public static boolean absentOrStrings(JsonNode node) {
        return node == null || isStrings(node);
    }

    /**
     * {@code "format": "date-time"}, the field required: only the common RFC 3339 form, and not
     * with RFC 3339's "unknown local offset" {@code -00:00}, which the validator refuses.
     */
    public static boolean isTime(JsonNode node) {
        return isText(node) && !node.textValue().endsWith("-00:00") && Rfc3339.parseCommonForm(node.textValue()) != null;
    }

    /** {@code "format": "date-time"}, the field optional. */
    public static boolean absentOrTime(JsonNode node) {
        return node == null || isTime(node);
    }

    /**
     * {@code "pattern": "^[^/]+/.+$"} (a correlation key, {@code namespace/service}): a slash with
     * something before and after it, and no control or line-separator character anywhere, which the
     * pattern's {@code .} and {@code $} treat differently from one regex engine to another.
     */
    public static boolean isCorrelationKey(JsonNode node) {
        if (!isText(node)) {
            return false;
        }
        String key = node.textValue();
        int slash = key.indexOf('/');
        if (slash < 1 || slash == key.length() - 1) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (isControlOrLineSeparator(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A character a correlation key may not hold: C0 and C1 controls, U+2028 and U+2029. */
    public static boolean isControlOrLineSeparator(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }

    /** {@code "pattern": "^[0-9a-f]{16}$"} (Alertmanager's fingerprint). */
    public static boolean isFingerprint(JsonNode node) {
        if (!isText(node) || node.textValue().length() != 16) {
            return false;
        }
        String text = node.textValue();
        for (int i = 0; i < 16; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
