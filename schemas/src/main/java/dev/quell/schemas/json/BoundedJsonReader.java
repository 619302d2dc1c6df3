package dev.quell.schemas.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Reads one JSON document from outside (a webhook body, a log line) into a tree, within the
 * limits of {@link Json}: nesting depth and string length. Every failure is a
 * {@link MalformedPayloadException} naming where in the document it happened, never an unchecked
 * exception.
 */
public final class BoundedJsonReader {

    private BoundedJsonReader() {
    }

    public static JsonNode read(byte[] document) throws MalformedPayloadException {
        return read(document, 0, document.length);
    }

    public static JsonNode read(byte[] buffer, int offset, int length) throws MalformedPayloadException {
        if (length == 0) {
            throw new MalformedPayloadException("", "empty document, expected JSON");
        }
        try (JsonParser parser = Json.mapper().getFactory().createParser(buffer, offset, length)) {
            try {
                JsonNode node = Json.mapper().readTree(parser);
                if (node == null || node.isMissingNode()) {
                    throw new MalformedPayloadException("", "empty document, expected JSON");
                }
                if (hasTrailingContent(parser)) {
                    throw new MalformedPayloadException("", "unexpected content after the JSON document at "
                            + describeLocation(parser));
                }
                return node;
            } catch (MalformedPayloadException e) {
                throw e;
            } catch (StreamConstraintsException e) {
                throw new MalformedPayloadException(pointerOf(parser), limitMessage(e));
            } catch (JsonProcessingException e) {
                throw new MalformedPayloadException(pointerOf(parser), "malformed JSON: " + e.getOriginalMessage());
            }
        } catch (IOException e) {
            if (e instanceof JsonProcessingException processing) {
                throw new MalformedPayloadException("", "malformed JSON: " + processing.getOriginalMessage());
            }
            throw new MalformedPayloadException("", "unreadable JSON: " + e.getMessage());
        }
    }

    private static boolean hasTrailingContent(JsonParser parser) {
        try {
            return parser.nextToken() != null;
        } catch (IOException e) {
            return true;
        }
    }

    private static String limitMessage(StreamConstraintsException e) {
        String message = e.getOriginalMessage();
        if (message.contains("nesting depth")) {
            return "nested deeper than " + Json.MAX_NESTING_DEPTH + " levels";
        }
        if (message.contains("String value length")) {
            return "string longer than " + Json.MAX_STRING_LENGTH + " characters";
        }
        return "exceeds a size limit: " + message;
    }

    private static String pointerOf(JsonParser parser) {
        try {
            return parser.getParsingContext().pathAsPointer().toString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String describeLocation(JsonParser parser) {
        return "line " + parser.currentLocation().getLineNr()
                + ", column " + parser.currentLocation().getColumnNr();
    }
}
