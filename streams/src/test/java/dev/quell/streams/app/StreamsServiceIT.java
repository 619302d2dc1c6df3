package dev.quell.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.kafka.SharedTestBroker;
import dev.quell.schemas.alertmanager.AlertFingerprint;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The streams service against the real broker: alerts in, an incident out, and the query API answering about it. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsServiceIT implements TestPropertyProvider {

    private final Topics topics = new Topics("streams-service-it.", 3);
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).ensure(topics, 30_000);
            return Map.of(
                    "kafka.bootstrap.servers", SharedTestBroker.bootstrapServers(),
                    "quell.topics.prefix", "streams-service-it.",
                    "quell.streams.application-id", "streams-service-it-" + System.nanoTime(),
                    "quell.streams.state-dir", Files.createTempDirectory("streams-service-it-").toString(),
                    "micronaut.server.port", "-1");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldTurnAnAlertIntoAnIncidentAndAnswerQueriesAboutIt() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/health/readiness").statusCode() == 200);
        Map<String, String> labels = Map.of("alertname", "ServiceDown", "severity", "critical",
                "namespace", "one-data-system", "job", "agent-api");
        AlertEvent alert = firing("one-data-system/agent-api", labels, Instant.now());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers());
        try (KafkaProducer<String, AlertEvent> producer = new KafkaProducer<>(props,
                topics.alerts().keySerde().serializer(), topics.alerts().valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topics.alerts().name(), alert.correlationKey(), alert)).get();
        }

        JsonNode[] incident = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode list = Json.mapper().readTree(get("/api/v1/incidents?status=open&severity=P0").body());
            assertThat(list.get("incidents")).hasSize(1);
            incident[0] = list.get("incidents").get(0);
        });
        assertThat(incident[0].get("severity").asText()).isEqualTo("P0");
        assertThat(incident[0].get("openedAt").asText()).as("times as on the topic: RFC 3339, not epoch seconds")
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(incident[0].get("correlationKey").asText()).isEqualTo("one-data-system/agent-api");
        assertThat(incident[0].at("/severityReasons/0/rule").asText()).isEqualTo("service-down");

        HttpResponse<String> one = get("/api/v1/incidents/" + incident[0].get("id").asText());
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(one.body()).get("version").asLong()).isEqualTo(1);

        JsonNode limited = Json.mapper().readTree(get("/api/v1/incidents?status=all&severity=P0&limit=1").body());
        assertThat(limited.get("incidents")).hasSize(1);
        assertThat(limited.get("truncated").asBoolean()).as("this test's incident is the only P0").isFalse();

        String p3 = get("/api/v1/incidents?severity=P3").body();
        assertThat(Json.mapper().readTree(p3).get("incidents")).as(p3).isEmpty();
        assertThat(Json.mapper().readTree(get("/api/v1/incidents?status=resolved").body()).get("incidents")).isEmpty();
    }

    @Test
    void shouldSeeAnErrorBurstThatArrivesInOneBatch() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/health/readiness").statusCode() == 200);
        Map<String, String> labels = Map.of("alertname", "HighErrorRate", "severity", "warning",
                "namespace", "self-rag", "service", "rag-pipeline");
        Instant now = Instant.now();
        AlertEvent alert = firing("self-rag/rag-pipeline", labels, now);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        try (KafkaProducer<String, AlertEvent> alerts = new KafkaProducer<>(props,
                topics.alerts().keySerde().serializer(), topics.alerts().valueSerde().serializer());
             KafkaProducer<String, LogEvent> logs = new KafkaProducer<>(props,
                     topics.logs().keySerde().serializer(), topics.logs().valueSerde().serializer())) {
            alerts.send(new ProducerRecord<>(topics.alerts().name(), alert.correlationKey(), alert)).get();
            for (int i = 0; i < 25; i++) {
                LogEvent line = new LogEvent(now, "request failed " + i, "ERROR", "rag-pipeline", null, "self-rag", null,
                        null, null, Map.of(), "self-rag/rag-pipeline", now,
                        (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree("{\"n\":" + i + "}"));
                logs.send(new ProducerRecord<>(topics.logs().name(), line.correlationKey(), line));
            }
            logs.flush();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode list = Json.mapper().readTree(get("/api/v1/incidents?status=all").body());
            JsonNode rag = null;
            for (JsonNode incident : list.get("incidents")) {
                if (incident.get("correlationKey").asText().equals("self-rag/rag-pipeline")) {
                    rag = incident;
                }
            }
            assertThat(rag).isNotNull();
            assertThat(rag.at("/logSignals/0/signature").asText()).isEqualTo("error-burst");
            assertThat(rag.get("severity").asText()).isEqualTo("P1");
        });
    }

    @Test
    void shouldKeepCorrelatingWhenAnIncidentOutgrowsOneKafkaRecord() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/health/readiness").statusCode() == 200);
        Instant now = Instant.now();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers());
        try (KafkaProducer<String, AlertEvent> producer = new KafkaProducer<>(props,
                topics.alerts().keySerde().serializer(), topics.alerts().valueSerde().serializer())) {
            for (int i = 0; i < 12; i++) { // 12 alerts of 100 KB of labels each: the incident is 1.2 MB
                Map<String, String> labels = Map.of("alertname", "KubePodCrashLooping", "severity", "warning",
                        "namespace", "huge", "service", "fleet", "pod", "fleet-" + i, "blob", String.valueOf(i).repeat(100_000));
                AlertEvent alert = firing("huge/fleet", labels, now);
                producer.send(new ProducerRecord<>(topics.alerts().name(), alert.correlationKey(), alert));
            }
            Map<String, String> labels = Map.of("alertname", "ServiceDown", "severity", "critical",
                    "namespace", "small", "service", "after-the-huge-one");
            AlertEvent after = firing("small/after-the-huge-one", labels, now);
            producer.send(new ProducerRecord<>(topics.alerts().name(), after.correlationKey(), after)).get();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> all = get("/api/v1/incidents?status=all");
            assertThat(all.statusCode()).as("the store is queryable: the stream thread runs").isEqualTo(200);
            Map<String, JsonNode> byKey = new java.util.HashMap<>();
            Json.mapper().readTree(all.body()).get("incidents")
                    .forEach(incident -> byKey.put(incident.get("correlationKey").asText(), incident));
            assertThat(byKey).as("the stream thread goes on past the huge incident").containsKey("small/after-the-huge-one");
            JsonNode huge = byKey.get("huge/fleet");
            assertThat(huge).isNotNull();
            assertThat(huge.get("alertsOmitted").asInt()).isPositive();
            assertThat(huge.get("alerts").size() + huge.get("alertsOmitted").asInt()).isEqualTo(12);
        });
    }

    @Test
    void shouldDeadLetterARecordWithTensOfThousandsOfViolationsAndGoOn() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/health/readiness").statusCode() == 200);
        StringBuilder labels = new StringBuilder("{\"labels\":{");
        for (int i = 0; i < 60_000; i++) { // 60,000 numbers where strings belong: a reason of some 3 MB
            labels.append(i == 0 ? "" : ",").append("\"l").append(i).append("\":0");
        }
        byte[] bad = labels.append("}}").toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> goodLabels = Map.of("alertname", "ServiceDown", "severity", "critical",
                "namespace", "small", "service", "after-the-bad-one");
        Instant now = Instant.now();
        AlertEvent after = firing("small/after-the-bad-one", goodLabels, now);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.alerts().name(), "small/after-the-bad-one", bad)).get();
            producer.send(new ProducerRecord<>(topics.alerts().name(), after.correlationKey(),
                    topics.alerts().valueSerde().serializer().serialize(topics.alerts().name(), after))).get();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode list = Json.mapper().readTree(get("/api/v1/incidents?status=all").body());
            assertThat(list.findValuesAsText("correlationKey")).as("the stream thread goes on past the bad record")
                    .contains("small/after-the-bad-one");
        });
        DeadLetter letter = deadLetterFrom("streams.alerts");
        assertThat(letter.reason()).startsWith("not a valid AlertEvent: ").contains("/labels/l1: ")
                .matches(".*; and \\d{5} more").hasSizeLessThan(2000);
        assertThat(letter.payloadBytes()).isEqualTo(bad.length);
        assertThat(letter.truncated()).isTrue();
    }

    private DeadLetter deadLetterFrom(String source) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "streams-service-it-dead-letters-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, DeadLetter> consumer = new KafkaConsumer<>(config,
                topics.deadLetters().keySerde().deserializer(), topics.deadLetters().valueSerde().deserializer())) {
            consumer.subscribe(java.util.List.of(topics.deadLetters().name()));
            DeadLetter[] found = new DeadLetter[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (source.equals(record.value().source())) {
                        found[0] = record.value();
                    }
                });
                return found[0] != null;
            });
            return found[0];
        }
    }

    @Test
    void shouldRefuseABadQueryAndAnUnknownId() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/health/readiness").statusCode() == 200);

        HttpResponse<String> badSeverity = get("/api/v1/incidents?severity=P7");
        assertThat(badSeverity.statusCode()).isEqualTo(400);
        assertThat(badSeverity.body()).contains("severity must be P0, P1, P2 or P3");

        assertThat(get("/api/v1/incidents?status=closed").statusCode()).isEqualTo(400);
        HttpResponse<String> badLimit = get("/api/v1/incidents?limit=0");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(badLimit.body()).contains("limit must be a whole number from 1 to 10000, got '0'");
        assertThat(get("/api/v1/incidents/nonsense").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/incidents/inc-LS9ub3RoaW5n-1").statusCode()).isEqualTo(404);
    }

    /** A firing alert of {@code labels}, its name theirs, received {@code now}. */
    private static AlertEvent firing(String correlationKey, Map<String, String> labels, Instant now) {
        return new AlertEvent(AlertFingerprint.of(labels), correlationKey, labels.get("alertname"), AlertStatus.FIRING,
                labels, Map.of(), now, null, null, "quell", "{}", null, now);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
