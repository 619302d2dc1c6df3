package dev.quell.schemas.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.TestPayloads;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.validation.JsonMutants;
import dev.quell.schemas.validation.SchemaValidator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quick check may pass a webhook only when the schema validator passes it too: over tens of
 * thousands of mutations of real webhooks (fields removed, retyped, nulled, added; times in forms
 * the check leaves to the validator), never once does it pass what the schema refuses. And it does
 * pass the webhooks Alertmanager sends, or it would save nothing.
 */
class WebhookQuickCheckTest {

    private static final SchemaValidator SCHEMA = SchemaValidator.forSchema(AlertmanagerWebhookParser.SCHEMA);

    @Test
    void shouldPassTheWebhooksAlertmanagerSends() throws Exception {
        for (JsonNode webhook : webhooks()) {
            assertThat(SCHEMA.problems(webhook)).isEmpty();
            assertThat(WebhookQuickCheck.surelyValid(webhook)).as(webhook.toString()).isTrue();
        }
    }

    @Test
    void shouldNeverPassWhatTheSchemaRefuses() throws Exception {
        JsonMutants mutants = new JsonMutants(20261127, List.of("status", "alerts", "labels", "startsAt", "endsAt",
                "truncatedAlerts", "version", "fingerprint", "annotations"), List.of("firing", "resolved", "x"));
        mutants.assertNeverPassesWhatTheSchemaRefuses(SCHEMA, WebhookQuickCheck::surelyValid, webhooks(), 30_000);
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
}
