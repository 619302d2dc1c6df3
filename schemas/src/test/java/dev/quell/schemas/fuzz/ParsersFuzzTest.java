package dev.quell.schemas.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.quell.schemas.alertmanager.AlertmanagerWebhookParser;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.json.PayloadException;
import dev.quell.schemas.json.PayloadProblem;
import dev.quell.schemas.validation.SchemaValidator;
import dev.quell.schemas.matchers.Matchers;
import java.time.Instant;
import java.util.List;

/**
 * Jazzer over the parsers that read outside input: whatever the bytes, the webhook parser answers
 * with events its topic's schema takes or a {@link PayloadException}, and the matcher parser with matchers or an
 * {@link IllegalArgumentException} — never anything else. In a normal test run each method replays
 * its corpus ({@code src/test/resources/dev/quell/schemas/fuzz/ParsersFuzzTestInputs/}); with
 * {@code JAZZER_FUZZ=1} it fuzzes ({@code docs/reliability.md}).
 */
class ParsersFuzzTest {

    private static final AlertmanagerWebhookParser PARSER = new AlertmanagerWebhookParser();
    private static final SchemaValidator ALERT_EVENT = SchemaValidator.forSchema("alert-event.schema.json");

    @FuzzTest(maxDuration = "30s")
    void webhookParserAnswersEventsOrAPayloadProblem(byte[] body) {
        try {
            for (AlertEvent event : PARSER.parse(body).toAlertEvents(CorrelationKeys.defaults(), Instant.EPOCH)) {
                // what ingest takes, the streams service must take too: not a dead letter after a 200
                List<PayloadProblem> problems = ALERT_EVENT.problems(Json.mapper().valueToTree(event));
                if (!problems.isEmpty()) {
                    throw new AssertionError("a webhook taken became an alert event its topic's schema refuses: "
                            + problems);
                }
            }
        } catch (PayloadException expected) {
            // a named refusal is the right answer to bad input
        }
    }

    @FuzzTest(maxDuration = "30s")
    void matcherParserAnswersMatchersOrANamedError(String text) {
        try {
            Matchers.parse(text);
        } catch (IllegalArgumentException expected) {
            // a named refusal is the right answer to a bad matcher
        }
    }
}
