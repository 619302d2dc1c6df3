package dev.quell.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.indexer.elasticsearch.IndexTemplates;
import dev.quell.schemas.json.Json;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Kibana saved objects parse, and every data view and field they use exists in the index templates. */
class KibanaSavedObjectsTest {

    private static final Pattern QUERY_FIELD = Pattern.compile("([A-Za-z_@][\\w.@]*)\\s*:");
    private final Map<String, ObjectNode> templates = new IndexTemplates("quell-logs-", false, 1).bodies();

    @Test
    void shouldHoldTheDataViewsSavedSearchesAndDashboardTheDocsPromise() {
        assertThat(KibanaSavedObjects.ofType("index-pattern")).extracting(view -> view.at("/attributes/title").asText())
                .containsExactlyInAnyOrder("quell-logs-*", "quell-incidents", "quell-remediations", "quell-deadletter");
        assertThat(KibanaSavedObjects.ofType("search")).extracting(search -> search.get("id").asText())
                .containsExactlyInAnyOrder("quell-errors-by-namespace", "quell-slow-requests", "quell-user-actions",
                        "quell-open-p0-p1-incidents", "quell-failed-remediations", "quell-approvals");
        assertThat(KibanaSavedObjects.ofType("dashboard")).hasSize(1);
    }

    @Test
    void shouldKeepTheSeedsQueriesAsWritten() {
        assertThat(KibanaSavedObjects.query("quell-errors-by-namespace"))
                .isEqualTo("level: ERROR AND kubernetes.namespace: short-drama-prod");
        assertThat(KibanaSavedObjects.query("quell-slow-requests"))
                .isEqualTo("response_time: >2000 AND kubernetes.namespace: short-drama-prod");
        assertThat(KibanaSavedObjects.query("quell-user-actions"))
                .isEqualTo("user_id: \"12345\" AND kubernetes.namespace: short-drama-prod");
    }

    @Test
    void shouldMatchEveryDataViewToATemplateAndItsTimeFieldToADate() {
        for (ObjectNode view : KibanaSavedObjects.ofType("index-pattern")) {
            String title = view.at("/attributes/title").asText();
            Map<String, String> fields = fieldsOf(title);
            assertThat(fields).as("a template for data view %s", title).isNotEmpty();
            assertThat(fields.get(view.at("/attributes/timeFieldName").asText())).as("time field of %s", title)
                    .isEqualTo("date");
        }
    }

    @Test
    void shouldUseOnlyFieldsTheTemplatesMap() {
        Map<String, String> titles = new HashMap<>();
        KibanaSavedObjects.ofType("index-pattern").forEach(view -> titles.put(view.get("id").asText(),
                view.at("/attributes/title").asText()));
        for (ObjectNode object : KibanaSavedObjects.all()) {
            String type = object.get("type").asText();
            if (!type.equals("search") && !type.equals("visualization")) {
                continue;
            }
            Map<String, String> mapped = fieldsOf(titles.get(KibanaSavedObjects.dataViewOf(object)));
            for (String field : fieldsUsedBy(object)) {
                assertThat(mapped).as("%s uses %s", object.get("id").asText(), field).containsKey(field);
            }
        }
    }

    @Test
    void shouldResolveEveryReferenceWithinTheFile() {
        Set<String> ids = new HashSet<>();
        KibanaSavedObjects.all().forEach(object -> ids.add(object.get("type").asText() + ":" + object.get("id").asText()));
        for (ObjectNode object : KibanaSavedObjects.all()) {
            for (JsonNode reference : object.get("references")) {
                assertThat(ids).contains(reference.get("type").asText() + ":" + reference.get("id").asText());
            }
        }
    }

    private Set<String> fieldsUsedBy(ObjectNode object) {
        Set<String> fields = new HashSet<>();
        Matcher matcher = QUERY_FIELD.matcher(KibanaSavedObjects.searchSource(object).at("/query/query").asText());
        while (matcher.find()) {
            fields.add(matcher.group(1));
        }
        object.at("/attributes/columns").forEach(column -> fields.add(column.asText()));
        object.at("/attributes/sort").forEach(sort -> fields.add(sort.get(0).asText()));
        if (object.get("type").asText().equals("visualization")) {
            try {
                JsonNode visState = Json.mapper().readTree(object.at("/attributes/visState").asText());
                visState.get("aggs").forEach(agg -> {
                    if (agg.at("/params/field").isTextual()) {
                        fields.add(agg.at("/params/field").asText());
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return fields;
    }

    /** Field path → type, from the explicit mappings of the template whose pattern is the data view's title. */
    private Map<String, String> fieldsOf(String title) {
        Map<String, String> fields = new HashMap<>();
        for (ObjectNode template : templates.values()) {
            List<String> patterns = Json.mapper().convertValue(template.get("index_patterns"),
                    Json.mapper().getTypeFactory().constructCollectionType(List.class, String.class));
            if (patterns.contains(title)) {
                flatten("", template.at("/template/mappings/properties"), fields);
            }
        }
        return fields;
    }

    private static void flatten(String prefix, JsonNode properties, Map<String, String> fields) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String path = prefix + property.getKey();
            if (property.getValue().has("properties")) {
                flatten(path + ".", property.getValue().get("properties"), fields);
            }
            fields.put(path, property.getValue().path("type").asText("object"));
        }
    }
}
