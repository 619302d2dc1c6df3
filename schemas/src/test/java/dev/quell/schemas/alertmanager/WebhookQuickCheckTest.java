package dev.quell.schemas.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.TestPayloads;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.validation.SchemaValidator;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The quick check may pass a webhook only when the schema validator passes it too: over tens of
 * thousands of mutations of real webhooks (fields removed, retyped, nulled, added; times in forms
 * the check leaves to the validator), never once does it pass what the schema refuses. And it does
 * pass the webhooks Alertmanager sends, or it would save nothing.
 */
class WebhookQuickCheckTest {

    private static final SchemaValidator SCHEMA = SchemaValidator.forSchema(AlertmanagerWebhookParser.SCHEMA);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> TIMES = List.of("2026-11-20T08:15:42Z", "2026-11-20T08:15:42.123456789Z",
            "2026-11-20T08:15:42+08:00", "2026-11-20T08:15:42.5-03:30", "0001-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z", "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-11-20T24:00:00Z",
            "2026-11-20T23:59:60Z", "2026-12-31T23:59:60Z", "2026-11-20t08:15:42z", "2026-11-20 08:15:42Z",
            "2026-11-20T08:15:42", "2026-11-20T08:15:42+24:00", "2026-11-20T08:15:42+18:00", "2026-11-20T08:15:42-00:00",
            "2026-11-20T08:15:42+0800", "2026-11-20T08:15:42.Z", "2026-11-20T08:15:42.1234567891Z", "2026-13-01T00:00:00Z",
            "2026-11-31T00:00:00Z", "+2026-11-20T08:15:42Z", "2026-11-20", "", "firing", "2026-11-20T08:15:42Z ",
            "２０２６-11-20T08:15:42Z");

    @Test
    void shouldPassTheWebhooksAlertmanagerSends() throws Exception {
        for (JsonNode webhook : webhooks()) {
            assertThat(SCHEMA.problems(webhook)).isEmpty();
            assertThat(WebhookQuickCheck.surelyValid(webhook)).as(webhook.toString()).isTrue();
        }
    }

    @Test
    void shouldNeverPassWhatTheSchemaRefuses() throws Exception {
        Random random = new Random(20261127);
        List<JsonNode> bases = webhooks();
        int passedQuickly = 0;
        int refusedBySchema = 0;
        for (int i = 0; i < 30_000; i++) {
            JsonNode mutant = bases.get(random.nextInt(bases.size())).deepCopy();
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                mutant = mutate(mutant, random);
            }
            boolean schemaValid = SCHEMA.problems(mutant).isEmpty();
            if (WebhookQuickCheck.surelyValid(mutant)) {
                passedQuickly++;
                assertThat(schemaValid).as("passed quickly but refused by the schema: %s", mutant).isTrue();
            }
            refusedBySchema += schemaValid ? 0 : 1;
        }
        assertThat(passedQuickly).as("mutants the quick check passed").isGreaterThan(1_000);
        assertThat(refusedBySchema).as("mutants the schema refused").isGreaterThan(10_000);
    }

    private static List<JsonNode> webhooks() throws Exception {
        List<JsonNode> webhooks = new ArrayList<>();
        webhooks.add(Json.mapper().readTree(TestPayloads.bytes("alertmanager-two-alerts.json")));
        webhooks.add(Json.mapper().readTree("{\"version\":\"4\",\"status\":\"resolved\",\"receiver\":\"quell\","
                + "\"groupKey\":\"{}:{}\",\"truncatedAlerts\":3,\"groupLabels\":{},\"commonLabels\":{\"alertname\":\"A\"},"
                + "\"commonAnnotations\":{},\"externalURL\":\"http://alertmanager:9093\",\"alerts\":[{\"status\":\"resolved\","
                + "\"labels\":{\"alertname\":\"A\"},\"annotations\":{},\"startsAt\":\"2026-11-20T08:00:00.000Z\","
                + "\"endsAt\":\"2026-11-20T09:00:00Z\",\"generatorURL\":\"\",\"fingerprint\":\"0123456789abcdef\"}]}"));
        webhooks.add(Json.mapper().readTree("{\"status\":\"firing\",\"alerts\":[]}"));
        return webhooks;
    }

    /** One random change somewhere in the document: a value replaced, removed, or a field added. */
    private static JsonNode mutate(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(root, containers);
        if (containers.isEmpty()) {
            return root; // a document that is a bare value: nothing inside to change
        }
        JsonNode container = containers.get(random.nextInt(containers.size()));
        if (container instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            int choice = random.nextInt(10);
            if (names.isEmpty() || choice == 0) {
                String name = random.nextBoolean() ? pick(random, List.of("status", "alerts", "labels", "startsAt",
                        "endsAt", "truncatedAlerts", "version", "fingerprint", "annotations")) : "extra" + random.nextInt(9);
                object.set(name, value(random));
            } else if (choice == 1) {
                object.remove(pick(random, names));
            } else {
                String name = pick(random, names);
                object.set(name, name.endsWith("At") && random.nextBoolean() ? NODES.textNode(pick(random, TIMES)) : value(random));
            }
        } else if (container instanceof ArrayNode array) {
            if (array.isEmpty() || random.nextInt(4) == 0) {
                JsonNode alerts = root.path("alerts");
                array.add(random.nextBoolean() && alerts.isArray() && !alerts.isEmpty() ? alerts.get(0).deepCopy() : value(random));
            } else {
                array.set(random.nextInt(array.size()), value(random));
            }
        }
        return random.nextInt(200) == 0 ? value(random) : root;
    }

    private static void collectContainers(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.elements().forEachRemaining(child -> collectContainers(child, containers));
        }
    }

    private static JsonNode value(Random random) {
        List<Supplier<JsonNode>> values = List.of(NODES::nullNode, () -> NODES.booleanNode(true), () -> NODES.numberNode(0),
                () -> NODES.numberNode(-1), () -> NODES.numberNode(1.5), () -> NODES.numberNode(1.0),
                () -> NODES.numberNode(new BigInteger("123456789012345678901234567890")), () -> NODES.textNode(""),
                () -> NODES.textNode("firing"), () -> NODES.textNode("resolved"), () -> NODES.textNode("Firing"),
                () -> NODES.textNode(pick(random, TIMES)), NODES::objectNode, NODES::arrayNode,
                () -> NODES.objectNode().put("alertname", "X"), () -> NODES.objectNode().put("n", 1),
                () -> NODES.arrayNode().add("x"));
        return values.get(random.nextInt(values.size())).get();
    }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
