package dev.quell.schemas.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.Topics;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each record goes to JSON through its topic's serde, is valid against its topic's schema, and comes back equal. */
class EventJsonRoundTripTest {

    private static final Topics TOPICS = Topics.defaults();

    static Stream<Arguments> eventsWithTheirTopics() {
        return Stream.of(
                Arguments.of(TOPICS.alerts(), SampleEvents.serviceDown()),
                Arguments.of(TOPICS.logs(), SampleEvents.ragPipelineLog()),
                Arguments.of(TOPICS.incidents(), SampleEvents.poolExhaustedIncident()),
                Arguments.of(TOPICS.remediations(), SampleEvents.killIdleConnectionsPlanned()),
                Arguments.of(TOPICS.ledger(), SampleEvents.ledgerForShortDramaDb()),
                Arguments.of(TOPICS.remediationPlans(), SampleEvents.poolExhaustedPlan()),
                Arguments.of(TOPICS.remediationPlans(), SampleEvents.approvalForwarded()),
                Arguments.of(TOPICS.deadLetters(), SampleEvents.truncatedWebhook()),
                Arguments.of(TOPICS.deadLetters(), SampleEvents.binaryLogs()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventsWithTheirTopics")
    <V> void shouldRoundTripThroughJsonAndStayValidAgainstTheTopicSchema(Topic<String, V> topic, V event)
            throws IOException {
        byte[] json = topic.valueSerde().serializer().serialize(topic.name(), event);

        JsonNode tree = Json.mapper().readTree(json);
        assertThat(topic.validator().problems(tree)).as("schema violations").isEmpty();
        assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), json)).isEqualTo(event);
    }

    @Test
    void shouldWriteLogFieldsUnderTheirEcsNamesAndKeepTheShippedDocument() throws IOException {
        LogEvent log = SampleEvents.ragPipelineLog();
        JsonNode json = Json.mapper().readTree(TOPICS.logs().valueSerde().serializer().serialize("t", log));

        assertThat(json.get("@timestamp").asText()).isEqualTo("2024-12-04T03:00:00Z");
        assertThat(json.get("log.level").asText()).isEqualTo("INFO");
        assertThat(json.get("service.name").asText()).isEqualTo("rag-pipeline");
        assertThat(json.get("kubernetes.namespace").asText()).isEqualTo("self-rag");
        assertThat(json.get("kubernetes.pod.name").asText()).isEqualTo("rag-pipeline-7d9f8b6c5-x2x9k");
        assertThat(json.get("trace.id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json.get("correlationKey").asText()).isEqualTo("self-rag/rag-pipeline");
        assertThat(json.at("/original/request_id").asText()).isEqualTo("abc123");
        assertThat(json.at("/original/tenant_id").asText()).isEqualTo("tenant_001");
        assertThat(json.at("/original/duration_ms").asInt()).isEqualTo(245);
    }

    @Test
    void shouldWriteIncidentFieldsAsDesignNamesThem() throws IOException {
        JsonNode json = Json.mapper().readTree(
                TOPICS.incidents().valueSerde().serializer().serialize("t", SampleEvents.poolExhaustedIncident()));

        assertThat(json.get("status").asText()).isEqualTo("open");
        assertThat(json.get("severity").asText()).isEqualTo("P1");
        assertThat(json.at("/severityReasons/0/rule").asText()).isEqualTo("database-pool-exhausted");
        assertThat(json.get("respondBy").asText()).isEqualTo("2026-11-20T09:12:00Z");
        assertThat(json.at("/alerts/0/status").asText()).isEqualTo("firing");
        assertThat(json.at("/logSignals/0/signature").asText()).isEqualTo("too-many-connections");
        assertThat(json.has("resolvedAt")).as("absent while open").isFalse();
    }

    @Test
    void shouldBeReadableByTheCloudEventsSdkAsStructuredJson() {
        RemediationEvent event = SampleEvents.killIdleConnectionsPlanned();
        byte[] json = TOPICS.remediations().valueSerde().serializer().serialize("t", event);

        CloudEvent read = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE).deserialize(json);

        assertThat(read.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(read.getId()).isEqualTo(event.id());
        assertThat(read.getSource()).isEqualTo(URI.create("/quell/remediator"));
        assertThat(read.getType()).isEqualTo("dev.quell.remediation.planned");
        assertThat(read.getSubject()).isEqualTo("postgres/short-drama-db");
        assertThat(read.getTime().toInstant()).isEqualTo(event.time());
        assertThat(read.getDataContentType()).isEqualTo("application/json");
        assertThat(read.getData()).isNotNull();
        JsonNode data = readTree(read.getData().toBytes());
        assertThat(data.get("action").asText()).isEqualTo("postgres.kill-idle-connections");
        assertThat(data.at("/budget/limit").asInt()).isEqualTo(3);
    }

    @Test
    void shouldNameTheRemediationPhaseInTheCloudEventsType() {
        RemediationEvent event = RemediationEvent.of(RemediationPhase.AWAITING_APPROVAL, "/quell/remediator",
                SampleEvents.NOW, SampleEvents.killIdleConnectionsPlanned().data());

        assertThat(event.type()).isEqualTo("dev.quell.remediation.awaiting_approval");
        assertThat(event.phase()).isEqualTo(RemediationPhase.AWAITING_APPROVAL);
        assertThat(event.subject()).isEqualTo("postgres/short-drama-db");
    }

    @Test
    void shouldCapADeadLetterPayloadAndSayItWasCut() {
        byte[] big = new byte[DeadLetter.MAX_PAYLOAD_BYTES + 10];
        java.util.Arrays.fill(big, (byte) 'a');

        DeadLetter letter = DeadLetter.of("ingest.logs", "/0: malformed JSON", big, SampleEvents.NOW);

        assertThat(letter.payload()).hasSize(DeadLetter.MAX_PAYLOAD_BYTES);
        assertThat(letter.payloadEncoding()).isEqualTo(DeadLetter.TEXT);
        assertThat(letter.truncated()).isTrue();
        assertThat(letter.payloadBytes()).isEqualTo(big.length);
    }

    @Test
    void shouldCutALongReasonAndSayHowLongItWas() {
        String reason = "not a valid AlertEvent: " + "/labels/x: integer found, string expected; ".repeat(2000);

        DeadLetter letter = DeadLetter.of("streams.alerts", reason, "{}".getBytes(StandardCharsets.UTF_8), SampleEvents.NOW);

        assertThat(letter.reason()).hasSize(DeadLetter.MAX_REASON_CHARS)
                .startsWith(reason.substring(0, 1000))
                .endsWith(" … (cut: " + reason.length() + " characters in all)");
        assertThat(DeadLetter.of("streams.alerts", "/fingerprint: bad", new byte[0], SampleEvents.NOW).reason())
                .isEqualTo("/fingerprint: bad");
    }

    @Test
    void shouldNotCutAReasonInsideACharacter() {
        int emoji = 500;
        int letters = DeadLetter.MAX_REASON_CHARS - 1 - " … (cut: 5000 characters in all)".length();
        String reason = "a".repeat(letters) + "😀".repeat(emoji);
        String tail = " … (cut: " + reason.length() + " characters in all)";
        assertThat(letters + tail.length()).as("the cut falls inside the first emoji").isEqualTo(DeadLetter.MAX_REASON_CHARS - 1);

        String kept = DeadLetter.of("streams.alerts", reason, new byte[0], SampleEvents.NOW).reason();

        assertThat(kept).isEqualTo("a".repeat(letters) + tail);
    }

    @Test
    void shouldCutALettersPayloadFurtherBetweenCharactersAndKeepTheInputsSize() {
        byte[] text = ("日志".repeat(20_000)).getBytes(StandardCharsets.UTF_8); // 120,000 bytes
        DeadLetter letter = DeadLetter.of("streams.logs", "/0: malformed JSON", text, "203.0.113.7", SampleEvents.NOW);

        DeadLetter cut = letter.withPayloadCut(1000);

        assertThat(cut.payloadEncoding()).isEqualTo(DeadLetter.TEXT);
        assertThat(cut.keptBytes()).hasSize(999).isEqualTo(Arrays.copyOf(text, 999));
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.payloadBytes()).isEqualTo(text.length);
        assertThat(cut).usingRecursiveComparison().ignoringFields("payload").isEqualTo(letter);
        assertThat(letter.withPayloadCut(DeadLetter.MAX_PAYLOAD_BYTES)).isSameAs(letter);
    }

    @Test
    void shouldFitALetterToALimitKeepingLessOfItsPayloadAndMeasureItOnlyWhenItMayNotFit() {
        byte[] text = "x".repeat(60_000).getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetter.of("ingest.logs", "line 1: malformed JSON", text, "203.0.113.7", SampleEvents.NOW);
        java.util.function.ToIntFunction<DeadLetter> sizeOf = l -> TOPICS.deadLetters().valueSerde().serializer()
                .serialize("t", l).length;

        assertThat(letter.fittedTo(1_047_552, l -> {
            throw new AssertionError("a letter within the bound needs no measuring");
        })).isSameAs(letter);
        DeadLetter fitted = letter.fittedTo(16_000, sizeOf);

        assertThat(sizeOf.applyAsInt(fitted)).isLessThanOrEqualTo(16_000).isGreaterThan(16_000 / 3);
        assertThat(fitted.truncated()).isTrue();
        assertThat(fitted.payloadBytes()).isEqualTo(60_000);
        assertThat(letter.fittedTo(10, sizeOf).keptBytes()).as("down to none").isEmpty();
    }

    @Test
    void shouldCutABinaryPayloadToTheByte() {
        byte[] noise = new byte[5000];
        new Random(3).nextBytes(noise);
        noise[0] = (byte) 0xFF;
        DeadLetter letter = DeadLetter.of("streams.alerts", "not JSON", noise, SampleEvents.NOW);

        DeadLetter cut = letter.withPayloadCut(100);

        assertThat(letter.truncated()).isFalse();
        assertThat(cut.payloadEncoding()).isEqualTo(DeadLetter.BASE64);
        assertThat(cut.keptBytes()).isEqualTo(Arrays.copyOf(noise, 100));
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.payloadBytes()).isEqualTo(5000);
        assertThat(letter.withPayloadCut(0).keptBytes()).isEmpty();
    }

    @Test
    void shouldKeepTheLargestLetterWithinOneKafkaRecord() {
        byte[] controls = new byte[DeadLetter.MAX_PAYLOAD_BYTES * 2];
        Arrays.fill(controls, (byte) 0x01);
        String reason = String.valueOf((char) 0x01).repeat(DeadLetter.MAX_REASON_CHARS * 10);

        DeadLetter letter = DeadLetter.of("streams.alerts", reason, controls, "203.0.113.7", SampleEvents.NOW);
        byte[] json = TOPICS.deadLetters().valueSerde().serializer().serialize("t", letter);

        assertThat(json.length).as("every character escaped in six").isGreaterThan(6 * DeadLetter.MAX_PAYLOAD_BYTES)
                .isLessThan(1024 * 1024 - 1024)
                .isLessThanOrEqualTo(letter.mostJsonBytes());
        assertThat(TOPICS.deadLetters().validator().problems(readTree(json))).isEmpty();
    }

    @Test
    void shouldKeepTextAsItIsAndCutItBetweenCharacters() {
        byte[] text = ("日志".repeat(DeadLetter.MAX_PAYLOAD_BYTES / 6 + 1)).getBytes(StandardCharsets.UTF_8);

        DeadLetter letter = DeadLetter.of("ingest.logs", "/0: malformed JSON", text, SampleEvents.NOW);

        assertThat(letter.payloadEncoding()).isEqualTo(DeadLetter.TEXT);
        assertThat(letter.truncated()).isTrue();
        assertThat(letter.payload()).doesNotContain("\uFFFD").matches("(日志)+日?");
        byte[] kept = letter.keptBytes();
        assertThat(kept.length).isLessThanOrEqualTo(DeadLetter.MAX_PAYLOAD_BYTES).isGreaterThan(DeadLetter.MAX_PAYLOAD_BYTES - 3);
        assertThat(kept).isEqualTo(Arrays.copyOf(text, kept.length));
    }

    @Test
    void shouldKeepABinaryPayloadsBytesExactlyAsBase64() {
        byte[] noise = new byte[DeadLetter.MAX_PAYLOAD_BYTES + 100];
        new Random(7).nextBytes(noise);
        noise[0] = (byte) 0xFF;

        DeadLetter whole = DeadLetter.of("streams.alerts", "not JSON", Arrays.copyOf(noise, 5000), SampleEvents.NOW);
        DeadLetter cut = DeadLetter.of("streams.alerts", "not JSON", noise, SampleEvents.NOW);

        assertThat(whole.payloadEncoding()).isEqualTo(DeadLetter.BASE64);
        assertThat(whole.truncated()).isFalse();
        assertThat(whole.keptBytes()).isEqualTo(Arrays.copyOf(noise, 5000));
        assertThat(cut.payloadEncoding()).isEqualTo(DeadLetter.BASE64);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.payloadBytes()).isEqualTo(noise.length);
        assertThat(cut.keptBytes()).isEqualTo(Arrays.copyOf(noise, DeadLetter.MAX_PAYLOAD_BYTES));
        assertThat(TOPICS.deadLetters().validator().problems(readTree(
                TOPICS.deadLetters().valueSerde().serializer().serialize("t", cut)))).isEmpty();
    }

    @Test
    void shouldReadALetterWrittenBeforePayloadEncodingAsText() {
        byte[] old = "{\"source\":\"ingest.webhook\",\"reason\":\"400 malformed JSON\",\"payload\":\"{\\\"x\\\":\",\"truncated\":false,\"payloadBytes\":5,\"receivedAt\":\"2026-11-20T08:16:00.250Z\"}".getBytes(StandardCharsets.UTF_8);

        DeadLetter letter = TOPICS.deadLetters().valueSerde().deserializer().deserialize("t", old);

        assertThat(letter.payloadEncoding()).isNull();
        assertThat(letter.keptBytes()).isEqualTo("{\"x\":".getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
