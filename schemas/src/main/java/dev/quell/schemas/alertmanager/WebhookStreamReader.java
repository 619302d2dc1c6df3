package dev.quell.schemas.alertmanager;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.time.Rfc3339;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the common webhook straight from its tokens, without building a JSON tree first — the
 * tree was three quarters of the webhook route's parsing in the ingest profile (docs/benchmarks.md,
 * 2026-12-05). It answers only for a document that surely is a valid webhook v4, as
 * {@link WebhookQuickCheck} would pass it; at anything else — malformed JSON, a field of another
 * type, a time in an uncommon form, content after the document — it answers empty, and the tree
 * and the schema validator read the document again, decide, and name what is wrong. What it
 * answers is what the tree path makes of the same document ({@code WebhookStreamReaderTest}).
 * Thread-safe.
 */
final class WebhookStreamReader {

    /** Thrown to give up on a document, so that the tree path reads it; never leaves this class. */
    private static final class NotCommon extends Exception {
        NotCommon() {
            super(null, null, false, false);
        }
    }

    private static final NotCommon NOT_COMMON = new NotCommon();

    private WebhookStreamReader() {
    }

    static Optional<AlertmanagerWebhook> read(byte[] body) {
        try (JsonParser parser = Json.mapper().getFactory().createParser(body)) {
            AlertmanagerWebhook webhook = webhook(parser);
            return parser.nextToken() == null ? Optional.of(webhook) : Optional.empty();
        } catch (NotCommon | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static AlertmanagerWebhook webhook(JsonParser parser) throws IOException, NotCommon {
        expect(parser.nextToken(), JsonToken.START_OBJECT);
        String version = null;
        String groupKey = null;
        int truncatedAlerts = 0;
        AlertStatus status = null;
        String receiver = null;
        Map<String, String> groupLabels = Map.of();
        Map<String, String> commonLabels = Map.of();
        Map<String, String> commonAnnotations = Map.of();
        String externalURL = null;
        List<AlertmanagerWebhook.Alert> alerts = null;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            switch (field) {
                case "version" -> version = text(parser);
                case "groupKey" -> groupKey = text(parser);
                case "truncatedAlerts" -> truncatedAlerts = count(parser);
                case "status" -> status = status(parser);
                case "receiver" -> receiver = text(parser);
                case "groupLabels" -> groupLabels = strings(parser);
                case "commonLabels" -> commonLabels = strings(parser);
                case "commonAnnotations" -> commonAnnotations = strings(parser);
                case "externalURL" -> externalURL = text(parser);
                case "alerts" -> alerts = alerts(parser);
                default -> skipValue(parser);
            }
        }
        expect(parser.currentToken(), JsonToken.END_OBJECT);
        if (status == null || alerts == null) {
            throw NOT_COMMON;
        }
        return new AlertmanagerWebhook(version, groupKey, truncatedAlerts, status, receiver, groupLabels,
                commonLabels, commonAnnotations, externalURL, alerts);
    }

    private static List<AlertmanagerWebhook.Alert> alerts(JsonParser parser) throws IOException, NotCommon {
        expect(parser.nextToken(), JsonToken.START_ARRAY);
        List<AlertmanagerWebhook.Alert> alerts = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            expect(token, JsonToken.START_OBJECT);
            alerts.add(alert(parser));
        }
        return alerts;
    }

    private static AlertmanagerWebhook.Alert alert(JsonParser parser) throws IOException, NotCommon {
        AlertStatus status = null;
        Map<String, String> labels = null;
        Map<String, String> annotations = Map.of();
        Instant startsAt = null;
        Instant endsAt = null;
        String generatorURL = null;
        String fingerprint = null;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            switch (field) {
                case "status" -> status = status(parser);
                case "labels" -> labels = strings(parser);
                case "annotations" -> annotations = strings(parser);
                case "startsAt" -> startsAt = time(parser);
                case "endsAt" -> endsAt = time(parser);
                case "generatorURL" -> generatorURL = text(parser);
                case "fingerprint" -> fingerprint = text(parser);
                default -> skipValue(parser);
            }
        }
        expect(parser.currentToken(), JsonToken.END_OBJECT);
        if (status == null || labels == null || labels.isEmpty() || startsAt == null) {
            throw NOT_COMMON;
        }
        if (fingerprint == null || fingerprint.isEmpty()) {
            fingerprint = AlertFingerprint.of(labels);
        } else if (!AlertFingerprint.isWellFormed(fingerprint)) {
            throw NOT_COMMON; // the schema refuses it, naming the field
        }
        return new AlertmanagerWebhook.Alert(status, labels, annotations, startsAt,
                Rfc3339.GO_ZERO_TIME.equals(endsAt) ? null : endsAt, generatorURL, fingerprint);
    }

    private static String text(JsonParser parser) throws IOException, NotCommon {
        expect(parser.nextToken(), JsonToken.VALUE_STRING);
        return parser.getText();
    }

    private static AlertStatus status(JsonParser parser) throws IOException, NotCommon {
        return switch (text(parser)) {
            case "firing" -> AlertStatus.FIRING;
            case "resolved" -> AlertStatus.RESOLVED;
            default -> throw NOT_COMMON;
        };
    }

    /** A JSON integer of at least 0, cut to an {@code int} as the tree's {@code asInt} cuts it. */
    private static int count(JsonParser parser) throws IOException, NotCommon {
        expect(parser.nextToken(), JsonToken.VALUE_NUMBER_INT);
        if (parser.getBigIntegerValue().signum() < 0) {
            throw NOT_COMMON;
        }
        return parser.getNumberValue().intValue();
    }

    /** A time in the common RFC 3339 form the quick check passes ({@code JsonChecks.isTime}). */
    private static Instant time(JsonParser parser) throws IOException, NotCommon {
        String text = text(parser);
        Instant instant = text.endsWith("-00:00") ? null : Rfc3339.parseCommonForm(text);
        if (instant == null) {
            throw NOT_COMMON;
        }
        return instant;
    }

    /** An object whose every value is a string; a name given twice keeps its last value, as in the tree. */
    private static Map<String, String> strings(JsonParser parser) throws IOException, NotCommon {
        expect(parser.nextToken(), JsonToken.START_OBJECT);
        Map<String, String> strings = new LinkedHashMap<>();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            strings.put(name, text(parser));
        }
        expect(parser.currentToken(), JsonToken.END_OBJECT);
        return strings;
    }

    /** Any value of a field the webhook does not use (read whole, so that malformed JSON is still noticed). */
    private static void skipValue(JsonParser parser) throws IOException {
        parser.nextToken();
        parser.skipChildren();
    }

    private static void expect(JsonToken token, JsonToken expected) throws NotCommon {
        if (token != expected) {
            throw NOT_COMMON;
        }
    }
}
