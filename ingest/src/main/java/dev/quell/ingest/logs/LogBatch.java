package dev.quell.ingest.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.json.BoundedJsonReader;
import dev.quell.schemas.json.MalformedPayloadException;
import dev.quell.schemas.json.VerbatimObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a {@code POST /logs} body into its log documents: NDJSON (one per line), a JSON array,
 * or one JSON object. A bad line or element is an item with a problem, so it does not sink the
 * good ones around it.
 */
public final class LogBatch {

    /**
     * One document of the batch, or why it could not be one.
     *
     * @param line     its line (from 1) when the body was NDJSON, else {@code null}
     * @param index    its place (from 0) when the body was a JSON array, else {@code null}
     * @param document the document, or {@code null} when {@code problem} says why not; read-only,
     *                 and written as the bytes it was read from ({@link VerbatimObjectNode})
     * @param raw      its bytes as sent, for a dead letter
     */
    public record Item(Integer line, Integer index, ObjectNode document, byte[] raw, String problem) {

        /** Where the item sits, as a JSON pointer prefix for errors: {@code /3} for an array, {@code ""} for a line. */
        public String pointer() {
            return index == null ? "" : "/" + index;
        }

        /** {@code line 3} or {@code /3}, for details. */
        public String place() {
            return line != null ? "line " + line : index != null ? "/" + index : "document";
        }
    }

    /**
     * The documents of a body, each read when it is reached: a request's documents are not all
     * held at once.
     */
    @FunctionalInterface
    public interface Documents {

        void forEach(Consumer<Item> each);

        /** All of them at once. */
        default List<Item> toList() {
            List<Item> items = new ArrayList<>();
            forEach(items::add);
            return items;
        }
    }

    private LogBatch() {
    }

    /** Reads the body as NDJSON, line by line. */
    public static Documents ndjson(byte[] body) {
        return each -> {
            int start = 0;
            int lineNumber = 0;
            while (start <= body.length) {
                int end = indexOf(body, (byte) '\n', start);
                int lineEnd = end < 0 ? body.length : end;
                lineNumber++;
                int contentEnd = lineEnd > start && body[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
                if (!isBlank(body, start, contentEnd)) {
                    each.accept(lineItem(body, start, contentEnd, lineNumber));
                }
                if (end < 0) {
                    break;
                }
                start = end + 1;
            }
        };
    }

    /**
     * Reads an {@code application/json} body: an array of documents, one document, or — since some
     * shippers send NDJSON under this type — several lines of documents.
     *
     * @throws MalformedPayloadException when the body is neither
     */
    public static Documents json(byte[] body) throws MalformedPayloadException {
        JsonNode root;
        try {
            root = BoundedJsonReader.read(body);
        } catch (MalformedPayloadException e) {
            List<Item> lines = ndjson(body).toList();
            if (lines.size() > 1) {
                return lines::forEach;
            }
            throw e;
        }
        if (root.isObject()) {
            return each -> each.accept(new Item(null, null, VerbatimObjectNode.of((ObjectNode) root, body), body, null));
        }
        if (!root.isArray()) {
            throw new MalformedPayloadException("", "expected a JSON object, an array of them, or NDJSON; got "
                    + root.getNodeType().toString().toLowerCase());
        }
        return each -> {
            for (int i = 0; i < root.size(); i++) {
                JsonNode element = root.get(i);
                byte[] raw = element.toString().getBytes(StandardCharsets.UTF_8);
                each.accept(element.isObject()
                        ? new Item(null, i, VerbatimObjectNode.of((ObjectNode) element, raw), raw, null)
                        : new Item(null, i, null, raw, "/" + i + ": " + notAnObject(element)));
            }
        };
    }

    private static Item lineItem(byte[] body, int start, int end, int lineNumber) {
        byte[] raw = java.util.Arrays.copyOfRange(body, start, end);
        try {
            JsonNode node = BoundedJsonReader.read(body, start, end - start);
            return node.isObject()
                    ? new Item(lineNumber, null, VerbatimObjectNode.of((ObjectNode) node, raw), raw, null)
                    : new Item(lineNumber, null, null, raw, "line " + lineNumber + ": " + notAnObject(node));
        } catch (MalformedPayloadException e) {
            return new Item(lineNumber, null, null, raw, "line " + lineNumber + ": " + e.getMessage());
        }
    }

    private static String notAnObject(JsonNode node) {
        return "a log document must be a JSON object, got " + node.getNodeType().toString().toLowerCase()
                + " " + abbreviate(node.toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
