package dev.quell.schemas.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
        return find(document, dottedPath.split("\\."), 0);
    }

    /** The scalar at the dotted path as text, or {@code null} when absent, null or not a scalar. */
    public String text(String dottedPath) {
        JsonNode node = node(dottedPath);
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    private static JsonNode find(JsonNode node, String[] parts, int from) {
        if (from == parts.length) {
            return node;
        }
        if (!node.isObject()) {
            return null;
        }
        StringBuilder key = new StringBuilder();
        for (int end = from; end < parts.length; end++) {
            if (end > from) {
                key.append('.');
            }
            key.append(parts[end]);
            JsonNode child = node.get(key.toString());
            if (child != null) {
                JsonNode found = find(child, parts, end + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
