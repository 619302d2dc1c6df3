package dev.quell.indexer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code compose/kibana/saved-objects.ndjson}, read as Kibana imports it: one saved object per line. */
final class KibanaSavedObjects {

    static final Path FILE = Path.of("../compose/kibana/saved-objects.ndjson");

    private KibanaSavedObjects() {
    }

    static List<ObjectNode> all() {
        try {
            List<ObjectNode> objects = new ArrayList<>();
            for (String line : Files.readAllLines(FILE)) {
                if (!line.isBlank()) {
                    objects.add((ObjectNode) Json.mapper().readTree(line));
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ObjectNode> ofType(String type) {
        return all().stream().filter(object -> object.get("type").asText().equals(type)).toList();
    }

    /** A saved search's or visualization's search source: its query and the data view it reads. */
    static JsonNode searchSource(ObjectNode object) {
        try {
            return Json.mapper().readTree(object.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String dataViewOf(ObjectNode object) {
        for (JsonNode reference : object.get("references")) {
            if (reference.get("type").asText().equals("index-pattern")) {
                return reference.get("id").asText();
            }
        }
        throw new IllegalStateException(object.get("id") + " references no data view");
    }

    static String query(String searchId) {
        return ofType("search").stream().filter(search -> search.get("id").asText().equals(searchId)).findFirst()
                .map(search -> searchSource(search).at("/query/query").asText())
                .orElseThrow(() -> new IllegalArgumentException("no saved search " + searchId));
    }
}
