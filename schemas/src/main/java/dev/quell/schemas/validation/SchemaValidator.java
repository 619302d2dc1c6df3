package dev.quell.schemas.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.quell.schemas.json.PayloadException;
import dev.quell.schemas.json.PayloadProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Validates a JSON document against one of Quell's JSON Schemas (draft 2020-12, with format
 * assertions on, so {@code "format": "date-time"} is enforced) and reports every violation
 * by JSON pointer. A {@link QuickCheck} given with the schema passes the common document without it.
 */
public final class SchemaValidator {

    /** Quell's schemas refer to each other by their {@code $id}s; those resolve to this module's files, never to the network. */
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix("https://quell.dev/schemas/", "classpath:schemas/")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .build();

    private final JsonSchema schema;
    private final QuickCheck quickCheck;

    private SchemaValidator(JsonSchema schema, QuickCheck quickCheck) {
        this.schema = schema;
        this.quickCheck = quickCheck;
    }

    /** Loads {@code schemas/<name>} from the classpath (the files of this module). */
    public static SchemaValidator forSchema(String name) {
        return forSchema(name, QuickCheck.NEVER_SURE);
    }

    /** Like {@link #forSchema(String)}; a document {@code quickCheck} is sure of is not validated against the schema. */
    public static SchemaValidator forSchema(String name, QuickCheck quickCheck) {
        String resource = "/schemas/" + name;
        try (InputStream in = SchemaValidator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no JSON Schema on the classpath at " + resource);
            }
            return new SchemaValidator(FACTORY.getSchema(in, CONFIG), quickCheck);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JSON Schema " + resource, e);
        }
    }

    /** Every violation, ordered by pointer; empty when the document is valid. */
    public List<PayloadProblem> problems(JsonNode document) {
        if (quickCheck.surelyValid(document)) {
            return List.of();
        }
        Set<ValidationMessage> messages = schema.validate(document);
        return messages.stream()
                .map(SchemaValidator::toProblem)
                .sorted(Comparator.comparing(PayloadProblem::pointer).thenComparing(PayloadProblem::message))
                .toList();
    }

    public void validate(JsonNode document) throws PayloadException {
        List<PayloadProblem> problems = problems(document);
        if (!problems.isEmpty()) {
            throw new PayloadException(problems);
        }
    }

    private static PayloadProblem toProblem(ValidationMessage message) {
        String pointer = message.getInstanceLocation().toString();
        String property = message.getProperty();
        if ("required".equals(message.getType()) && property != null) {
            pointer = (pointer.equals("/") ? "" : pointer) + "/" + property;
            return new PayloadProblem(pointer, "is required");
        }
        String text = message.getMessage();
        int colon = text.indexOf(": ");
        String detail = colon >= 0 && text.startsWith(pointer) ? text.substring(colon + 2) : text;
        return new PayloadProblem(pointer.equals("/") ? "" : pointer, detail);
    }
}
