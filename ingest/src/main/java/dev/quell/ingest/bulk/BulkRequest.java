package dev.quell.ingest.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.json.BoundedJsonReader;
import dev.quell.schemas.json.MalformedPayloadException;
import dev.quell.schemas.json.VerbatimObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Elasticsearch bulk format as log shippers send it: an action/metadata line
 * ({@code {"index":{"_index":"logs"}}}, {@code create}, {@code update}, {@code delete}) followed,
 * except for {@code delete}, by a source line. Like Elasticsearch, a request whose structure is
 * broken is refused whole; a bad document is an item error.
 */
public final class BulkRequest {

    private static final Set<String> ACTIONS = Set.of("index", "create", "update", "delete");
    private static final Set<String> TAKES_DOCUMENTS = Set.of("index", "create");

    /**
     * One action of the request.
     *
     * @param document the source to take, or {@code null} when {@code error} says why not; read-only, and
     *                 written as the bytes it was read from ({@link dev.quell.schemas.json.VerbatimObjectNode})
     * @param raw      the source line as sent (empty for {@code delete}), for a dead letter
     * @param line     the action line's number, from 1
     */
    public record Item(String action, String index, String id, ObjectNode document, byte[] raw, String error, int line) {
    }

    /** The request's structure is broken (Elasticsearch answers such a request 400 as a whole). */
    public static final class MalformedBulkException extends Exception {
        public MalformedBulkException(String message) {
            super(message);
        }
    }

    private BulkRequest() {
    }

    /**
     * Checks the request's structure (every action line, every action's source line) and returns
     * its actions, each source document read only when its action is reached.
     *
     * @throws MalformedBulkException when the structure is broken: nothing of the request is taken
     */
    public static Actions parse(byte[] body, String defaultIndex) throws MalformedBulkException {
        List<int[]> lines = lines(body);
        if (lines.isEmpty()) {
            throw new MalformedBulkException("request body is required");
        }
        List<Action> actions = new ArrayList<>();
        int next = 0;
        while (next < lines.size()) {
            int[] actionLine = lines.get(next++);
            int lineNumber = actionLine[2];
            Map.Entry<String, JsonNode> action = action(body, actionLine);
            String name = action.getKey();
            JsonNode metadata = action.getValue();
            String index = metadata.hasNonNull("_index") ? metadata.get("_index").asText() : defaultIndex;
            String id = metadata.hasNonNull("_id") ? metadata.get("_id").asText() : null;
            if (name.equals("delete")) {
                actions.add(new Action(name, index, id, null, lineNumber));
                continue;
            }
            if (next >= lines.size()) {
                throw new MalformedBulkException("line [" + lineNumber + "]: the " + name
                        + " action needs its document on the next line");
            }
            actions.add(new Action(name, index, id, lines.get(next++), lineNumber));
        }
        return new Actions(body, actions);
    }

    /** A request whose structure is sound: its actions, in order. */
    public static final class Actions {

        private final byte[] body;
        private final List<Action> actions;

        private Actions(byte[] body, List<Action> actions) {
            this.body = body;
            this.actions = actions;
        }

        /** Each action as an {@link Item}, its source document read just before it is handed on. */
        public void forEach(Consumer<Item> each) {
            for (Action action : actions) {
                each.accept(action.item(body));
            }
        }

        /** All of them at once. */
        public List<Item> toList() {
            List<Item> items = new ArrayList<>(actions.size());
            forEach(items::add);
            return items;
        }
    }

    /** An action line, and where its source line is ({start, end, lineNumber}; {@code null} for delete). */
    private record Action(String name, String index, String id, int[] sourceLine, int line) {

        Item item(byte[] body) {
            if (sourceLine == null) {
                return new Item(name, index, id, null, new byte[0], unsupported(name), line);
            }
            byte[] raw = Arrays.copyOfRange(body, sourceLine[0], sourceLine[1]);
            if (!TAKES_DOCUMENTS.contains(name)) {
                return new Item(name, index, id, null, raw, unsupported(name), line);
            }
            return source(name, index, id, body, sourceLine, raw, line);
        }
    }

    private static Item source(String action, String index, String id, byte[] body, int[] line, byte[] raw,
                               int actionLine) {
        try {
            JsonNode document = BoundedJsonReader.read(body, line[0], line[1] - line[0]);
            if (!document.isObject()) {
                return new Item(action, index, id, null, raw, "line [" + line[2]
                        + "]: the document must be a JSON object", actionLine);
            }
            return new Item(action, index, id, VerbatimObjectNode.of((ObjectNode) document, raw), raw, null, actionLine);
        } catch (MalformedPayloadException e) {
            return new Item(action, index, id, null, raw, "line [" + line[2] + "]: " + e.getMessage(), actionLine);
        }
    }

    private static Map.Entry<String, JsonNode> action(byte[] body, int[] line) throws MalformedBulkException {
        JsonNode node;
        try {
            node = BoundedJsonReader.read(body, line[0], line[1] - line[0]);
        } catch (MalformedPayloadException e) {
            throw new MalformedBulkException("line [" + line[2] + "]: malformed action/metadata line: " + e.getMessage());
        }
        if (!node.isObject() || node.size() != 1) {
            throw new MalformedBulkException("Malformed action/metadata line [" + line[2]
                    + "], expected an object with exactly one action");
        }
        Map.Entry<String, JsonNode> action = node.fields().next();
        if (!ACTIONS.contains(action.getKey())) {
            throw new MalformedBulkException("Malformed action/metadata line [" + line[2]
                    + "], expected one of [create, delete, index, update] but found [" + action.getKey() + "]");
        }
        if (!action.getValue().isObject()) {
            throw new MalformedBulkException("Malformed action/metadata line [" + line[2]
                    + "], the metadata of [" + action.getKey() + "] must be an object");
        }
        return action;
    }

    private static String unsupported(String action) {
        return "action [" + action + "] is not supported: Quell takes log documents (index, create), it does not change them";
    }

    /** Non-blank lines as {start, end, lineNumber}, without their line break. */
    private static List<int[]> lines(byte[] body) {
        List<int[]> lines = new ArrayList<>();
        int start = 0;
        int number = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            number++;
            int contentEnd = end > start && body[end - 1] == '\r' ? end - 1 : end;
            if (!blank(body, start, contentEnd)) {
                lines.add(new int[] {start, contentEnd, number});
            }
            start = end + 1;
        }
        return lines;
    }

    private static boolean blank(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
