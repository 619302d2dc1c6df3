package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml is sound on its own: each reference resolves, each operation is named once
 * and declares its path parameters, and each example matches the schema it illustrates.
 * ({@link HttpApiContractIT} holds it to what Quell serves.)
 */
class OpenApiDocumentTest {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private final OpenApiContract contract = OpenApiContract.load();
    private final JsonNode document = contract.document();

    @Test
    void shouldBeOpenApi31WithEveryReferenceResolving() {
        assertThat(document.path("openapi").asText()).startsWith("3.1.");
        List<String> references = new ArrayList<>();
        collect(document, "$ref", (node, ref) -> references.add(ref.asText()));
        assertThat(references).as("references").hasSizeGreaterThan(20);
        for (String reference : references) {
            if (reference.startsWith("#/")) {
                assertThat(document.at(reference.substring(1)).isMissingNode()).as(reference).isFalse();
            } else {
                assertThat(OpenApiContract.DOCUMENT.getParent().resolve(reference).normalize()).as(reference).isRegularFile();
            }
        }
    }

    @Test
    void shouldNameEveryOperationOnceAndDeclareItsPathParameters() {
        Set<String> operationIds = new HashSet<>();
        for (String operation : contract.operations()) {
            String[] parts = operation.split(" ", 2);
            JsonNode definition = document.path("paths").path(parts[1]).path(parts[0].toLowerCase(java.util.Locale.ROOT));
            assertThat(operationIds.add(definition.path("operationId").asText())).as(operation + " operationId").isTrue();
            assertThat(definition.path("responses").size()).as(operation + " responses").isPositive();

            Set<String> declared = new HashSet<>();
            definition.path("parameters").forEach(parameter -> {
                JsonNode resolved = contract.resolve(parameter);
                if (resolved.path("in").asText().equals("path")) {
                    assertThat(resolved.path("required").asBoolean()).as(operation + " " + resolved.path("name")).isTrue();
                    declared.add(resolved.path("name").asText());
                }
            });
            Set<String> inPath = new HashSet<>();
            Matcher matcher = PATH_PARAMETER.matcher(parts[1]);
            while (matcher.find()) {
                inPath.add(matcher.group(1));
            }
            assertThat(declared).as(operation + " path parameters").isEqualTo(inPath);
        }
    }

    @Test
    void shouldGiveExamplesThatMatchTheirSchemas() {
        List<String> checked = new ArrayList<>();
        collect(document, "example", (owner, example) -> {
            JsonNode schema = owner.has("schema") ? owner.path("schema") : owner; // a media type's, or a schema's own
            assertThat(contract.schema(schema).validate(example)).as("example " + example).isEmpty();
            checked.add(example.toString());
        });
        assertThat(checked).as("examples").hasSizeGreaterThanOrEqualTo(5);
    }

    /** Calls {@code found} with each object holding {@code key}, and the key's value. */
    private static void collect(JsonNode node, String key, java.util.function.BiConsumer<JsonNode, JsonNode> found) {
        if (node.isObject()) {
            if (node.has(key)) {
                found.accept(node, node.get(key));
            }
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                collect(field.getValue(), key, found);
            }
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, key, found));
        }
    }
}
