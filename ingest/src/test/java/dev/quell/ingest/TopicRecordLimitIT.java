package dev.quell.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quell.ingest.kafka.TopicRecordLimits;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.events.LogEvent;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Topics an operator configured for smaller records than Kafka's default ({@code max.message.bytes}
 * below 1 MiB): a record the topic refuses is the input's fault, refused as one too large for
 * Kafka (413, or a refused item) like a record over the producer's own limit — not answered 503,
 * which a sender retries forever against a broker that refuses it every time; and a dead letter
 * keeps as much of its payload as the dead-letter topic takes.
 */
@MicronautTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicRecordLimitIT extends IngestTestSupport {

    private static final int LOGS_TOPIC_LIMIT = 64 * 1024;
    private static final int ALERTS_TOPIC_LIMIT = 32 * 1024;
    private static final int DEAD_LETTER_TOPIC_LIMIT = 24 * 1024;
    private static final String NDJSON = "application/x-ndjson";

    @Inject
    TopicRecordLimits limits;

    private TopicTail<LogEvent> logs;
    private TopicTail<DeadLetter> deadLetters;

    @Override
    public Map<String, String> getProperties() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(
                    smallRecords(topics.logs().name(), LOGS_TOPIC_LIMIT),
                    smallRecords(topics.alerts().name(), ALERTS_TOPIC_LIMIT),
                    smallRecords(topics.deadLetters().name(), DEAD_LETTER_TOPIC_LIMIT))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("could not create the topics of small records", e);
        }
        return super.getProperties();
    }

    private static NewTopic smallRecords(String name, int maxMessageBytes) {
        return new NewTopic(name, 3, (short) 1).configs(Map.of("max.message.bytes", Integer.toString(maxMessageBytes)));
    }

    @BeforeAll
    void follow() {
        logs = tail(topics.logs());
        deadLetters = tail(topics.deadLetters());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(limits.of(topics.logs().name()).bytes()).isLessThan(LOGS_TOPIC_LIMIT));
    }

    @AfterAll
    void stopFollowing() {
        logs.close();
        deadLetters.close();
    }

    @Test
    void shouldReadEachTopicsOwnLimitLessTheFraming() {
        assertThat(limits.of(topics.logs().name()).bytes()).isEqualTo(LOGS_TOPIC_LIMIT - TopicRecordLimits.FRAMING_BYTES);
        assertThat(limits.of(topics.alerts().name()).bytes()).isEqualTo(ALERTS_TOPIC_LIMIT - TopicRecordLimits.FRAMING_BYTES);
        assertThat(limits.of(topics.deadLetters().name()).bytes())
                .isEqualTo(DEAD_LETTER_TOPIC_LIMIT - TopicRecordLimits.FRAMING_BYTES);
        assertThat(limits.of(topics.incidents().name()).bytes()).as("a topic of Kafka's default: the producer's limit")
                .isEqualTo(TopicRecordLimits.PRODUCER_LIMIT_BYTES);
    }

    @Test
    void shouldRefuseALogLineTooLargeForItsTopicAloneAndTakeTheOthers() {
        logs.drain();
        deadLetters.drain();
        String big = "x".repeat(LOGS_TOPIC_LIMIT);
        byte[] body = ("{\"message\":\"before\"}\n{\"message\":\"" + big + "\"}\n{\"message\":\"after\"}\n")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post("/logs", NDJSON, body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"accepted\":2", "\"line\":2", "max.message.bytes");
        List<LogEvent> taken = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            taken.addAll(logs.drain());
            assertThat(taken).extracting(LogEvent::message).containsExactly("before", "after");
        });
        // gathered across polls: the webhook test's dead letter, sent after its answer, may land here too
        List<DeadLetter> letters = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            letters.addAll(deadLetters.drain());
            assertThat(letters).filteredOn(letter -> letter.payload().contains(big.substring(0, 1000)))
                    .as("the refused line's dead letter, once").hasSize(1);
        });
    }

    @Test
    void shouldKeepAsMuchOfARefusedBodyAsTheDeadLetterTopicTakes() {
        deadLetters.drain();
        byte[] body = ("{\"status\":\"firing\",\"alerts\":[{\"labels\":{\"alertname\":\"" + "z".repeat(60_000))
                .getBytes(StandardCharsets.UTF_8); // cut off: not JSON

        HttpResponse<String> response = post("/webhooks/alertmanager", "application/json", body);

        assertThat(response.statusCode()).isEqualTo(400);
        List<DeadLetter> letters = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            letters.addAll(deadLetters.drain());
            assertThat(letters).filteredOn(letter -> letter.source().equals("ingest.webhook")).singleElement()
                    .satisfies(letter -> {
                        assertThat(letter.payloadBytes()).isEqualTo(body.length);
                        assertThat(letter.truncated()).isTrue();
                        assertThat(letter.keptBytes().length).as("as much as fits, in halves")
                                .isGreaterThan(DEAD_LETTER_TOPIC_LIMIT / 8).isLessThan(DEAD_LETTER_TOPIC_LIMIT);
                        assertThat(letter.payload()).startsWith("{\"status\":\"firing\"");
                    });
        });
    }

    @Test
    void shouldRefuseAWebhookWhoseAlertIsTooLargeForTheAlertsTopicWith413() {
        String webhook = """
                {"version":"4","groupKey":"{}:{alertname=\\"Big\\"}","status":"firing","receiver":"quell",
                 "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://127.0.0.1:9093",
                 "alerts":[{"status":"firing","labels":{"alertname":"Big","service":"api"},
                   "annotations":{"description":"%s"},"startsAt":"2026-12-07T12:00:00Z",
                   "endsAt":"0001-01-01T00:00:00Z","generatorURL":""}]}
                """.formatted("y".repeat(ALERTS_TOPIC_LIMIT));

        HttpResponse<String> response = post("/webhooks/alertmanager", "application/json",
                webhook.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("record-too-large", "/alerts/0", "max.message.bytes");
    }

    @Test
    @Order(Integer.MAX_VALUE) // lowers the logs topic's limit: after the tests that read it
    void shouldRefuseARecordTheBrokerTurnsDownOnceItsTopicsLimitWasLoweredWhileRunning() throws Exception {
        int lowered = 16 * 1024;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topics.logs().name()),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", Integer.toString(lowered)),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
        byte[] noise = new byte[lowered];
        new Random(11).nextBytes(noise);
        // random base64, which lz4 cannot shrink below the lowered limit: the broker checks the compressed batch
        byte[] body = ("{\"message\":\"" + Base64.getEncoder().encodeToString(noise) + "\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        List<Integer> answers = new ArrayList<>();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            answers.add(post("/logs", NDJSON, body).statusCode());
            assertThat(answers).last().as("the line refused as too large for its topic").isEqualTo(422);
        });
        assertThat(answers).as("503 (Kafka refused it; its limit is read again) until it is known to be too large")
                .allMatch(status -> status == 503 || status == 422);
    }
}
