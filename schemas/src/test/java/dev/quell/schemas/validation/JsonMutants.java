package dev.quell.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Random mutants of valid documents, for differential tests of a {@link QuickCheck} against its
 * schema: each mutation replaces a value somewhere (by another type, null, or one of the texts the
 * schema is particular about), removes a field, adds one, or grows an array.
 */
public final class JsonMutants {

    /** Times in the forms the quick checks read and in many they must leave to the validator. */
    public static final List<String> TIMES = List.of("2026-11-20T08:15:42Z", "2026-11-20T08:15:42.123456789Z",
            "2026-11-20T08:15:42+08:00", "2026-11-20T08:15:42.5-03:30", "0001-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z", "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-11-20T24:00:00Z",
            "2026-11-20T23:59:60Z", "2026-12-31T23:59:60Z", "2026-11-20t08:15:42z", "2026-11-20 08:15:42Z",
            "2026-11-20T08:15:42", "2026-11-20T08:15:42+24:00", "2026-11-20T08:15:42+18:00", "2026-11-20T08:15:42-00:00",
            "2026-11-20T08:15:42+0800", "2026-11-20T08:15:42.Z", "2026-11-20T08:15:42.1234567891Z", "2026-13-01T00:00:00Z",
            "2026-11-31T00:00:00Z", "+2026-11-20T08:15:42Z", "2026-11-20", "", "firing", "2026-11-20T08:15:42Z ",
            "２０２６-11-20T08:15:42Z");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Random random;
    private final List<String> addedNames;
    private final List<String> texts;

    /**
     * @param addedNames the field names a mutation may add (besides made-up ones)
     * @param texts      texts a mutation may put in place of a value (besides {@link #TIMES})
     */
    public JsonMutants(long seed, List<String> addedNames, List<String> texts) {
        this.random = new Random(seed);
        this.addedNames = addedNames;
        this.texts = texts;
    }

    /** A copy of one of {@code bases} with one to three mutations. */
    public JsonNode mutantOf(List<JsonNode> bases) {
        JsonNode mutant = pick(bases).deepCopy();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            mutant = mutate(mutant);
        }
        return mutant;
    }

    /**
     * The differential test: over {@code count} mutants of {@code bases}, {@code check} never passes
     * one that {@code schema} refuses — and both sides were exercised: at least a thirtieth passed
     * quickly, at least a quarter were refused.
     */
    public void assertNeverPassesWhatTheSchemaRefuses(SchemaValidator schema, QuickCheck check, List<JsonNode> bases,
                                                      int count) {
        int passedQuickly = 0;
        int refusedBySchema = 0;
        for (int i = 0; i < count; i++) {
            JsonNode mutant = mutantOf(bases);
            boolean schemaValid = schema.problems(mutant).isEmpty();
            if (check.surelyValid(mutant)) {
                passedQuickly++;
                assertThat(schemaValid).as("passed quickly but refused by the schema: %s", mutant).isTrue();
            }
            refusedBySchema += schemaValid ? 0 : 1;
        }
        assertThat(passedQuickly).as("mutants the quick check passed").isGreaterThan(count / 30);
        assertThat(refusedBySchema).as("mutants the schema refused").isGreaterThan(count / 4);
    }

    private JsonNode mutate(JsonNode root) {
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(root, containers);
        if (containers.isEmpty()) {
            return root; // a document that is a bare value: nothing inside to change
        }
        JsonNode container = pick(containers);
        if (container instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            int choice = random.nextInt(10);
            if (names.isEmpty() || choice == 0) {
                object.set(random.nextBoolean() ? pick(addedNames) : "extra" + random.nextInt(9), value());
            } else if (choice == 1) {
                object.remove(pick(names));
            } else {
                String name = pick(names);
                object.set(name, object.get(name).isTextual() && random.nextBoolean() ? NODES.textNode(text()) : value());
            }
        } else if (container instanceof ArrayNode array) {
            if (array.isEmpty() || random.nextInt(4) == 0) {
                array.add(random.nextBoolean() && !array.isEmpty() ? array.get(0).deepCopy() : value());
            } else {
                array.set(random.nextInt(array.size()), value());
            }
        }
        return random.nextInt(200) == 0 ? value() : root;
    }

    private static void collectContainers(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.elements().forEachRemaining(child -> collectContainers(child, containers));
        }
    }

    private String text() {
        return random.nextBoolean() ? pick(TIMES) : pick(texts);
    }

    private JsonNode value() {
        List<Supplier<JsonNode>> values = List.of(NODES::nullNode, () -> NODES.booleanNode(true), () -> NODES.numberNode(0),
                () -> NODES.numberNode(-1), () -> NODES.numberNode(1.5), () -> NODES.numberNode(1.0),
                () -> NODES.numberNode(new BigInteger("123456789012345678901234567890")), () -> NODES.textNode(""),
                () -> NODES.textNode("firing"), () -> NODES.textNode("resolved"), () -> NODES.textNode("Firing"),
                () -> NODES.textNode(text()), NODES::objectNode, NODES::arrayNode,
                () -> NODES.objectNode().put("alertname", "X"), () -> NODES.objectNode().put("n", 1),
                () -> NODES.arrayNode().add("x"));
        return pick(values).get();
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
