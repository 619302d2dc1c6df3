package dev.quell.schemas.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Field look-up in an ECS document by dotted path, whether the document nests the path
 * ({@code {"log":{"level":"ERROR"}}}), spells it flat ({@code {"log.level":"ERROR"}}) or mixes
 * both ({@code {"kubernetes":{"pod.name":"x"}}}), as shippers variously do.
 */
public final class EcsDocument {

    private final ObjectNode document;

    public EcsDocument(ObjectNode document) {
        this.document = document;
    }

    public ObjectNode document() {
        return document;
    }

    /** The node at the dotted path, or {@code null}. */
    public JsonNode node(String dottedPath) {
        return find(document, DottedPath.of(dottedPath), 0);
    }

    /** The scalar at the dotted path as text, or {@code null} when absent, null or not a scalar. */
    public String text(String dottedPath) {
        JsonNode node = node(dottedPath);
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    private static JsonNode find(JsonNode node, DottedPath path, int from) {
        if (from == path.length()) {
            return node;
        }
        if (!node.isObject()) {
            return null;
        }
        for (int end = from; end < path.length(); end++) {
            JsonNode child = node.get(path.key(from, end));
            if (child != null) {
                JsonNode found = find(child, path, end + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * A dotted path with every key a document may spell a stretch of it with, made once: the
     * look-ups run for every field of every shipped line (the ingest benchmark found the
     * splitting and joining the largest cost of {@code /logs}).
     */
    private static final class DottedPath {

        private static final int CACHED = 1_024;
        private static final Map<String, DottedPath> PATHS = new ConcurrentHashMap<>();

        /** keys[from][end]: parts from..end joined with dots. */
        private final String[][] keys;

        private DottedPath(String dotted) {
            String[] parts = dotted.split("\\.");
            keys = new String[parts.length][parts.length];
            for (int from = 0; from < parts.length; from++) {
                StringBuilder key = new StringBuilder();
                for (int end = from; end < parts.length; end++) {
                    if (end > from) {
                        key.append('.');
                    }
                    keys[from][end] = key.append(parts[end]).toString();
                }
            }
        }

        static DottedPath of(String dotted) {
            DottedPath path = PATHS.get(dotted);
            if (path == null) {
                path = new DottedPath(dotted);
                if (PATHS.size() < CACHED) { // the names come from code and configuration: a few dozen
                    PATHS.put(dotted, path);
                }
            }
            return path;
        }

        int length() {
            return keys.length;
        }

        String key(int from, int end) {
            return keys[from][end];
        }
    }
}
