package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docs/openapi.yaml, read for tests: its operations as {@code METHOD /path}, and each answer Quell
 * gives held to the operation's documented status, media type and schema. A schema's references
 * are followed as the document means them: {@code #/components/…} inside it, a relative path to
 * the file beside it (the topics' JSON Schemas, read from that very file).
 */
final class OpenApiContract {

    static final Path DOCUMENT = Path.of("..").toAbsolutePath().normalize().resolve("docs/openapi.yaml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head");
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix("https://quell.dev/schemas/", "classpath:schemas/")));

    private final JsonNode document;
    private final Set<String> checked = new TreeSet<>();

    private OpenApiContract(JsonNode document) {
        this.document = document;
    }

    static OpenApiContract load() {
        try (var reader = Files.newBufferedReader(DOCUMENT)) {
            Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            return new OpenApiContract(JSON.valueToTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode document() {
        return document;
    }

    /** Every documented operation, {@code GET /api/v1/incidents/{id}}, sorted. */
    Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return operations;
    }

    /** The operations {@link #check} has held an answer to. */
    Set<String> checkedOperations() {
        return Set.copyOf(checked);
    }

    /**
     * Holds one answer to the document: its status is one the operation lists, and a body in a
     * JSON media type matches the schema given for that status and type. Returns the body.
     */
    JsonNode check(String method, String concretePath, HttpResponse<String> response) {
        String operation = operationFor(method, concretePath);
        String[] parts = operation.split(" ", 2);
        JsonNode responses = document.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT)).path("responses");
        String status = Integer.toString(response.statusCode());
        assertThat(responses.has(status)).as(operation + " answered " + status + ", which the document does not list: "
                + response.body()).isTrue();
        checked.add(operation);
        JsonNode documented = resolve(responses.path(status));
        JsonNode content = documented.path("content");
        String mediaType = response.headers().firstValue("Content-Type").map(OpenApiContract::withoutParameters).orElse("");
        if (content.isMissingNode()) {
            return JSON.nullNode();
        }
        assertThat(content.has(mediaType)).as(operation + " " + status + " answered " + mediaType + ", documented: "
                + listOf(content.fieldNames())).isTrue();
        if (!mediaType.endsWith("json")) {
            return JSON.nullNode();
        }
        JsonNode body = readJson(response.body());
        Set<ValidationMessage> errors = schema(content.path(mediaType).path("schema")).validate(body);
        assertThat(errors).as(operation + " " + status + " body against the document: " + body).isEmpty();
        return body;
    }

    /** A schema of the document, its references made resolvable, ready to validate. */
    JsonSchema schema(JsonNode schema) {
        return SCHEMAS.getSchema(inlined(schema));
    }

    /** The node a {@code #/…} reference of the document points at (the node itself when it is no reference). */
    JsonNode resolve(JsonNode node) {
        JsonNode ref = node.path("$ref");
        if (!ref.isTextual()) {
            return node;
        }
        JsonNode target = document.at(ref.asText().substring(1));
        assertThat(target.isMissingNode()).as("reference " + ref.asText()).isFalse();
        return resolve(target);
    }

    /** The operation whose path template matches {@code concretePath} (a literal segment before a template). */
    private String operationFor(String method, String concretePath) {
        String path = concretePath.contains("?") ? concretePath.substring(0, concretePath.indexOf('?')) : concretePath;
        Optional<String> found = operations().stream()
                .filter(operation -> operation.startsWith(method + " "))
                .filter(operation -> matches(operation.substring(method.length() + 1), path))
                .min((a, b) -> Long.compare(templates(a), templates(b)));
        assertThat(found).as(method + " " + path + " is documented").isPresent();
        return found.get();
    }

    private static boolean matches(String template, String path) {
        return path.matches(template.replaceAll("\\{[^}]+}", "[^/]+").replace(".", "\\."));
    }

    private static long templates(String operation) {
        return operation.chars().filter(c -> c == '{').count();
    }

    /**
     * A copy of {@code schema} in which a {@code #/…} reference is replaced by what it points at and
     * a relative file reference by the file's absolute URI (the validator then reads that file).
     */
    private JsonNode inlined(JsonNode schema) {
        if (schema.isObject()) {
            JsonNode ref = schema.path("$ref");
            if (ref.isTextual() && ref.asText().startsWith("#/")) {
                return inlined(resolve(schema));
            }
            ObjectNode copy = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> field : listOf(schema.fields())) {
                if (field.getKey().equals("$ref")) {
                    URI file = DOCUMENT.getParent().resolve(field.getValue().asText()).normalize().toUri();
                    assertThat(Path.of(file)).as("the file of reference " + field.getValue().asText()).isRegularFile();
                    copy.put("$ref", file.toString());
                } else if (field.getKey().equals("example")) {
                    continue; // an OpenAPI annotation, not a JSON Schema keyword
                } else {
                    copy.set(field.getKey(), inlined(field.getValue()));
                }
            }
            return copy;
        }
        if (schema.isArray()) {
            var copy = JSON.createArrayNode();
            schema.forEach(item -> copy.add(inlined(item)));
            return copy;
        }
        return schema;
    }

    static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static String withoutParameters(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static <T> List<T> listOf(Iterator<T> iterator) {
        List<T> items = new ArrayList<>();
        iterator.forEachRemaining(items::add);
        return items;
    }
}
