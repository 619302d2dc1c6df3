package dev.quell.schemas.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.TestPayloads;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.json.MalformedPayloadException;
import dev.quell.schemas.json.PayloadException;
import dev.quell.schemas.validation.JsonMutants;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The token reader answers exactly for the documents the quick check passes, and what it answers
 * is what the tree path makes of them — over tens of thousands of mutated webhooks, every prefix of
 * a real one, content after the document, names given twice. Anything else it leaves to the tree,
 * which names what is wrong.
 */
class WebhookStreamReaderTest {

    private final AlertmanagerWebhookParser parser = new AlertmanagerWebhookParser();

    @Test
    void shouldReadTheWebhooksAlertmanagerSendsAsTheTreeDoes() throws Exception {
        for (byte[] webhook : webhooks()) {
            Optional<AlertmanagerWebhook> read = WebhookStreamReader.read(webhook);

            assertThat(read).as(new String(webhook, StandardCharsets.UTF_8)).isPresent();
            assertThat(read.get()).isEqualTo(parser.parseTree(webhook));
        }
    }

    @Test
    void shouldAnswerExactlyForWhatTheQuickCheckPassesAndAsTheTreeDoes() throws Exception {
        JsonMutants mutants = new JsonMutants(20261205, List.of("status", "alerts", "labels", "startsAt", "endsAt",
                "truncatedAlerts", "version", "fingerprint", "annotations", "groupLabels"), List.of("firing", "resolved", "x"));
        List<JsonNode> bases = new ArrayList<>();
        for (byte[] webhook : webhooks()) {
            bases.add(Json.mapper().readTree(webhook));
        }
        int count = 30_000;
        int read = 0;
        for (int i = 0; i < count; i++) {
            JsonNode mutant = mutants.mutantOf(bases);
            byte[] body = Json.mapper().writeValueAsBytes(mutant);
            Optional<AlertmanagerWebhook> webhook = WebhookStreamReader.read(body);

            assertThat(webhook.isPresent()).as("read or left to the tree, unlike the quick check: %s", mutant)
                    .isEqualTo(WebhookQuickCheck.surelyValid(mutant));
            if (webhook.isPresent()) {
                read++;
                assertThat(webhook.get()).as(mutant.toString()).isEqualTo(parser.parseTree(body));
            }
        }
        assertThat(read).as("mutants read by tokens").isGreaterThan(count / 30).isLessThan(count - count / 4);
    }

    @Test
    void shouldLeaveAnIncompleteDocumentToTheTree() throws Exception {
        byte[] webhook = TestPayloads.bytes("alertmanager-two-alerts.json");
        int whole = new String(webhook, StandardCharsets.UTF_8).stripTrailing().getBytes(StandardCharsets.UTF_8).length;
        for (int length = 0; length < whole; length++) {
            byte[] prefix = Arrays.copyOf(webhook, length);

            assertThat(WebhookStreamReader.read(prefix)).as("the first %d bytes", length).isEmpty();
        }
        assertThat(WebhookStreamReader.read(Arrays.copyOf(webhook, whole))).isPresent();
    }

    @Test
    void shouldLeaveContentAfterTheDocumentToTheTreeWhichRefusesIt() {
        for (String after : List.of("x", "{}", "[]", "\"firing\"", "0", "}")) {
            byte[] body = ("{\"status\":\"firing\",\"alerts\":[]} " + after).getBytes(StandardCharsets.UTF_8);

            assertThat(WebhookStreamReader.read(body)).as(after).isEmpty();
            assertThatThrownBy(() -> parser.parse(body)).as(after).isInstanceOf(MalformedPayloadException.class);
        }
    }

    @Test
    void shouldKeepTheLastOfANameGivenTwiceAsTheTreeDoesOrLeaveItToTheTree() throws PayloadException {
        String alert = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"2026-12-05T10:00:00Z\"}";
        List<String> documents = List.of(
                "{\"status\":\"firing\",\"alerts\":[],\"alerts\":[" + alert + "]}",
                "{\"status\":\"resolved\",\"status\":\"firing\",\"alerts\":[]}",
                "{\"status\":\"x\",\"status\":\"firing\",\"alerts\":[]}",
                "{\"status\":\"firing\",\"status\":\"x\",\"alerts\":[]}",
                "{\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\",\"alertname\":\"B\"},"
                        + "\"startsAt\":\"2026-12-05T10:00:00Z\"}]}",
                "{\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"},\"labels\":{},"
                        + "\"startsAt\":\"2026-12-05T10:00:00Z\"}]}");
        int read = 0;
        for (String document : documents) {
            byte[] body = document.getBytes(StandardCharsets.UTF_8);
            Optional<AlertmanagerWebhook> webhook = WebhookStreamReader.read(body);
            if (webhook.isPresent()) {
                read++;
                assertThat(webhook.get()).as(document).isEqualTo(parser.parseTree(body));
            }
        }
        assertThat(read).as("documents read by tokens").isEqualTo(3);
    }

    private static List<byte[]> webhooks() throws Exception {
        return List.of(TestPayloads.bytes("alertmanager-two-alerts.json"),
                ("{\"version\":\"4\",\"status\":\"resolved\",\"receiver\":\"quell\",\"groupKey\":\"{}:{}\",\"truncatedAlerts\":3,"
                        + "\"groupLabels\":{},\"commonLabels\":{\"alertname\":\"A\"},\"commonAnnotations\":{},"
                        + "\"externalURL\":\"http://alertmanager:9093\",\"alerts\":[{\"status\":\"resolved\","
                        + "\"labels\":{\"alertname\":\"A\"},\"annotations\":{},\"startsAt\":\"2026-11-20T08:00:00.000Z\","
                        + "\"endsAt\":\"2026-11-20T09:00:00Z\",\"generatorURL\":\"\",\"fingerprint\":\"0123456789abcdef\"}]}")
                        .getBytes(StandardCharsets.UTF_8),
                "{\"status\":\"firing\",\"alerts\":[]}".getBytes(StandardCharsets.UTF_8));
    }
}
