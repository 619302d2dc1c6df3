package dev.quell.schemas.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quell.schemas.TestPayloads;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.json.PayloadException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertmanagerWebhookParserTest {

    private final AlertmanagerWebhookParser parser = new AlertmanagerWebhookParser();

    @Test
    void shouldReadEveryFieldOfAVersion4WebhookAndIgnoreUnknownOnes() throws PayloadException {
        AlertmanagerWebhook webhook = parser.parse(TestPayloads.bytes("alertmanager-two-alerts.json"));

        assertThat(webhook.version()).isEqualTo("4");
        assertThat(webhook.receiver()).isEqualTo("quell");
        assertThat(webhook.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(webhook.groupKey()).isEqualTo("{}/{severity=\"critical\"}:{alertname=\"ServiceDown\"}");
        assertThat(webhook.truncatedAlerts()).isZero();
        assertThat(webhook.groupLabels()).containsEntry("alertname", "ServiceDown");
        assertThat(webhook.commonLabels()).containsEntry("severity", "critical");
        assertThat(webhook.commonAnnotations()).isEmpty();
        assertThat(webhook.externalURL()).isEqualTo("http://alertmanager:9093");
        assertThat(webhook.alerts()).hasSize(2);

        AlertmanagerWebhook.Alert down = webhook.alerts().get(0);
        assertThat(down.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(down.labels()).containsEntry("job", "agent-api").hasSize(6);
        assertThat(down.annotations()).containsEntry("summary", "服务 agent-api 不可用");
        assertThat(down.startsAt()).isEqualTo(Instant.parse("2026-11-20T08:15:42.123456789Z"));
        assertThat(down.generatorURL()).startsWith("http://prometheus:9090/graph");
        assertThat(down.fingerprint()).isEqualTo("79c32f60d62e8266");
    }

    @Test
    void shouldTreatGoZeroEndsAtAsStillFiring() throws PayloadException {
        AlertmanagerWebhook webhook = parser.parse(TestPayloads.bytes("alertmanager-two-alerts.json"));

        assertThat(webhook.alerts().get(0).endsAt()).isNull();
        assertThat(webhook.alerts().get(1).endsAt()).isEqualTo(Instant.parse("2026-11-20T00:20:00.5Z"));
    }

    @Test
    void shouldComputeTheFingerprintWhenThePayloadHasNone() throws PayloadException {
        AlertmanagerWebhook.Alert pool = parser.parse(TestPayloads.bytes("alertmanager-two-alerts.json")).alerts().get(1);

        assertThat(pool.fingerprint()).isEqualTo(AlertFingerprint.of(pool.labels())).matches("[0-9a-f]{16}");
    }

    @Test
    void shouldTurnEachAlertIntoAnAlertEventKeyedByCorrelationKey() throws PayloadException {
        AlertmanagerWebhook webhook = parser.parse(TestPayloads.bytes("alertmanager-two-alerts.json"));
        Instant received = Instant.parse("2026-11-20T08:16:00Z");

        List<AlertEvent> events = webhook.toAlertEvents(CorrelationKeys.defaults(), received);

        assertThat(events).extracting(AlertEvent::correlationKey)
                .containsExactly("one-data-system/agent-api", "-/dpa-api");
        assertThat(events).extracting(AlertEvent::alertname).containsExactly("ServiceDown", "DatabasePoolExhausted");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.receiver()).isEqualTo("quell");
            assertThat(event.groupKey()).isEqualTo(webhook.groupKey());
            assertThat(event.externalURL()).isEqualTo("http://alertmanager:9093");
            assertThat(event.receivedAt()).isEqualTo(received);
        });
    }

    @Test
    void shouldRefuseTruncatedJson() {
        byte[] body = TestPayloads.bytes("alertmanager-two-alerts.json");
        byte[] truncated = java.util.Arrays.copyOf(body, body.length / 2);

        PayloadException error = refused(truncated);

        assertThat(error.getMessage()).contains("malformed JSON");
        assertThat(error.pointer()).startsWith("/alerts");
    }

    @Test
    void shouldRefuseAnEmptyBody() {
        assertThat(refused(new byte[0]).getMessage()).contains("empty document");
    }

    @Test
    void shouldRefuseADocumentThatIsNotAnObject() {
        PayloadException error = refused("[1,2]");
        assertThat(error.pointer()).isEmpty();
        assertThat(error.getMessage()).contains("object");
    }

    @Test
    void shouldRefuseAWebhookWithoutAlerts() {
        PayloadException error = refused("{\"version\":\"4\",\"status\":\"firing\"}");

        assertThat(error.pointer()).isEqualTo("/alerts");
        assertThat(error.getMessage()).contains("/alerts: is required");
    }

    @Test
    void shouldNameTheFieldOfAWrongType() {
        PayloadException error = refused("""
                {"status":"firing","alerts":[{"status":"firing","labels":{"alertname":"X","severity":3},
                "startsAt":"2026-11-20T08:15:42Z"}]}""");

        assertThat(error.pointer()).isEqualTo("/alerts/0/labels/severity");
        assertThat(error.getMessage()).contains("string");
    }

    @Test
    void shouldNameAnUnknownStatus() {
        PayloadException error = refused("""
                {"status":"firing","alerts":[{"status":"burning","labels":{"alertname":"X"},
                "startsAt":"2026-11-20T08:15:42Z"}]}""");

        assertThat(error.pointer()).isEqualTo("/alerts/0/status");
    }

    @Test
    void shouldRefuseAFingerprintNotInAlertmanagersFormNamingIt() {
        for (String fingerprint : List.of("f1", "79C32F60D62E8266", "79c32f60d62e82660", "79c32f60d62e826g")) {
            PayloadException error = refused("""
                    {"status":"firing","alerts":[{"status":"firing","labels":{"alertname":"X"},
                    "startsAt":"2026-11-20T08:15:42Z","fingerprint":"%s"}]}""".formatted(fingerprint));

            assertThat(error.pointer()).as(fingerprint).isEqualTo("/alerts/0/fingerprint");
        }
    }

    @Test
    void shouldComputeAnEmptyFingerprintFromTheLabels() throws PayloadException {
        AlertmanagerWebhook.Alert alert = parser.parse("""
                {"status":"firing","alerts":[{"status":"firing","labels":{"alertname":"X"},
                "startsAt":"2026-11-20T08:15:42Z","fingerprint":""}]}""".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .alerts().get(0);

        assertThat(alert.fingerprint()).isEqualTo(AlertFingerprint.of(Map.of("alertname", "X")));
    }

    @Test
    void shouldRefuseTimesThatAreNotRfc3339() {
        PayloadException error = refused("""
                {"status":"firing","alerts":[{"status":"firing","labels":{"alertname":"X"},
                "startsAt":"20/11/2026 08:15"}]}""");

        assertThat(error.pointer()).isEqualTo("/alerts/0/startsAt");
    }

    @Test
    void shouldRefuseA10MegabyteStringNamingItsField() {
        String huge = "x".repeat(10 * 1024 * 1024);
        PayloadException error = refused("{\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
                + "\"labels\":{\"alertname\":\"X\"},\"annotations\":{\"description\":\"" + huge + "\"},"
                + "\"startsAt\":\"2026-11-20T08:15:42Z\"}]}");

        assertThat(error.pointer()).isEqualTo("/alerts/0/annotations/description");
        assertThat(error.getMessage()).contains("string longer than");
    }

    @Test
    void shouldRefuseDeepNestingNamingWhereItWentTooDeep() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        PayloadException error = refused("{\"status\":\"firing\",\"alerts\":[],\"extra\":" + deep + "}");

        assertThat(error.pointer()).startsWith("/extra/0/0/0");
        assertThat(error.getMessage()).contains("nested deeper than");
    }

    @Test
    void shouldReportEveryProblemNotOnlyTheFirst() {
        PayloadException error = refused("""
                {"status":"firing","alerts":[{"status":"firing","labels":{}}]}""");

        assertThat(error.problems()).extracting(p -> p.pointer())
                .contains("/alerts/0/labels", "/alerts/0/startsAt");
    }

    private PayloadException refused(String body) {
        return refused(body.getBytes(StandardCharsets.UTF_8));
    }

    private PayloadException refused(byte[] body) {
        PayloadException error = catchThrowableOfType(PayloadException.class, () -> parser.parse(body));
        assertThat(error).as("parser should refuse the payload").isNotNull();
        return error;
    }
}
