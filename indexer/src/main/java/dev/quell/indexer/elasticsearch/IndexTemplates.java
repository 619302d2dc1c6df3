package dev.quell.indexer.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Quell's composable index templates ({@code src/main/resources/index-templates/}), with explicit
 * ECS-aligned mappings: {@code quell-logs} (for {@code <logs-index-prefix>*}), {@code quell-incidents},
 * {@code quell-remediations}, {@code quell-deadletter}, and {@code logs-quell} (the logs data stream,
 * only when it is used). Installed (created or replaced) at start-up.
 */
public final class IndexTemplates {

    private static final ObjectMapper JSON = Json.mapper();

    private final String logsIndexPrefix;
    private final boolean logsDataStream;
    private final int replicas;

    public IndexTemplates(String logsIndexPrefix, boolean logsDataStream, int replicas) {
        this.logsIndexPrefix = logsIndexPrefix;
        this.logsDataStream = logsDataStream;
        this.replicas = replicas;
    }

    /** Template name → body, as installed. */
    public Map<String, ObjectNode> bodies() {
        Map<String, ObjectNode> bodies = new LinkedHashMap<>();
        ObjectNode logs = load("quell-logs");
        logs.putArray("index_patterns").add(logsIndexPrefix + "*");
        bodies.put("quell-logs", logs);
        bodies.put("quell-incidents", load("quell-incidents"));
        bodies.put("quell-remediations", load("quell-remediations"));
        bodies.put("quell-deadletter", load("quell-deadletter"));
        if (logsDataStream) {
            ObjectNode stream = load("logs-quell");
            stream.set("template", logs.get("template").deepCopy());
            bodies.put("logs-quell", stream);
        }
        bodies.values().forEach(body -> ((ObjectNode) body.path("template").path("settings"))
                .put("number_of_replicas", replicas));
        return bodies;
    }

    /** Creates or replaces every template; returns their names. */
    public java.util.Set<String> install(ElasticsearchClient client) throws IOException {
        Map<String, ObjectNode> bodies = bodies();
        for (Map.Entry<String, ObjectNode> template : bodies.entrySet()) {
            String body = JSON.writeValueAsString(template.getValue());
            client.indices().putIndexTemplate(request -> request.name(template.getKey()).withJson(new StringReader(body)));
        }
        return bodies.keySet();
    }

    private static ObjectNode load(String name) {
        try (InputStream in = IndexTemplates.class.getResourceAsStream("/index-templates/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("index template " + name + " is missing from the jar");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
