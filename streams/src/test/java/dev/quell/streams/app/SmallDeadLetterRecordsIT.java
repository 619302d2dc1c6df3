package dev.quell.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quell.kafka.SharedTestBroker;
import dev.quell.kafka.TopicContents;
import dev.quell.schemas.alertmanager.AlertFingerprint;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A dead-letter topic an operator configured for smaller records than Kafka's default
 * ({@code max.message.bytes}): a letter keeps less of its input to fit it — not refused by the
 * broker on every retry of the bad record, which stopped every incident behind it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmallDeadLetterRecordsIT implements TestPropertyProvider {

    private static final String PREFIX = "small-dead-letter-records-it.";
    private static final int DEAD_LETTER_TOPIC_LIMIT = 16 * 1024;
    private static final int BAD_RECORD_BYTES = 60_000;

    /** One partition: every record goes through the same task, so one stuck input would hold them all. */
    private final Topics topics = new Topics(PREFIX, 1);

    @Override
    public Map<String, String> getProperties() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            Map<String, String> configs = new HashMap<>(topics.deadLetters().settings().configs());
            configs.put("max.message.bytes", Integer.toString(DEAD_LETTER_TOPIC_LIMIT));
            admin.createTopics(List.of(new NewTopic(topics.deadLetters().name(), 1, (short) 1).configs(configs))).all().get();
            new TopicProvisioner(admin, (short) 1).ensure(topics, 30_000);
            return Map.of(
                    "kafka.bootstrap.servers", SharedTestBroker.bootstrapServers(),
                    "quell.topics.prefix", PREFIX,
                    "quell.streams.application-id", "small-dead-letter-records-it-" + System.nanoTime(),
                    "quell.streams.state-dir", Files.createTempDirectory("small-dead-letter-records-it-").toString(),
                    "micronaut.server.port", "-1");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void shouldCutDeadLettersToTheTopicsLimitAndGoOn() {
        sendBadRecordThenAlert('a', "after");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(incidentKeys()).as("the alert after the bad record is taken: the task goes on").contains("ns/after"));
        assertThat(letterOf('a')).satisfies(letter -> assertFitted(letter, DEAD_LETTER_TOPIC_LIMIT));
    }

    @Test
    @Order(2)
    void shouldCutDeadLettersToALimitLoweredWhileRunning() throws Exception {
        int lowered = 8 * 1024;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topics.deadLetters().name()),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", Integer.toString(lowered)),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
        sendBadRecordThenAlert('b', "after-lowered");

        await().atMost(Duration.ofSeconds(90)).dontCatchUncaughtExceptions().untilAsserted(() ->
                assertThat(incidentKeys()).contains("ns/after-lowered"));
        assertThat(letterOf('b')).satisfies(letter -> assertFitted(letter, lowered));
    }

    private static void assertFitted(DeadLetter letter, int topicLimit) {
        assertThat(letter.truncated()).isTrue();
        assertThat(letter.payloadBytes()).isEqualTo(BAD_RECORD_BYTES);
        assertThat(letter.keptBytes().length).as("as much as fits, in halves").isGreaterThan(topicLimit / 8).isLessThan(topicLimit);
        assertThat(letter.reason()).startsWith("not readable as AlertEvent");
    }

    /** A record of {@value #BAD_RECORD_BYTES} bytes that is not JSON, all {@code fill}, then a good alert. */
    private void sendBadRecordThenAlert(char fill, String service) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers());
        Instant now = Instant.now();
        Map<String, String> labels = Map.of("alertname", "ServiceDown", "severity", "critical", "namespace", "ns",
                "service", service);
        AlertEvent alert = new AlertEvent(AlertFingerprint.of(labels), "ns/" + service, "ServiceDown",
                AlertStatus.FIRING, labels, Map.of(), now, null, null, "quell", "{}", null, now);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            byte[] bad = String.valueOf(fill).repeat(BAD_RECORD_BYTES).getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(topics.alerts().name(), alert.correlationKey(), bad));
            producer.send(new ProducerRecord<>(topics.alerts().name(), alert.correlationKey(),
                    topics.alerts().valueSerde().serializer().serialize(topics.alerts().name(), alert)));
            producer.flush();
        }
    }

    private DeadLetter letterOf(char fill) {
        Topic<String, DeadLetter> letters = topics.deadLetters();
        return TopicContents.readAll(SharedTestBroker.bootstrapServers(), letters.name(), letters.keySerde().deserializer(),
                        letters.valueSerde().deserializer()).stream()
                .map(ConsumerRecord::value)
                .filter(letter -> letter.keptBytes().length > 0 && letter.keptBytes()[0] == fill)
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter of the record of " + fill));
    }

    private List<String> incidentKeys() {
        Topic<String, Incident> incidents = topics.incidents();
        return TopicContents.readAll(SharedTestBroker.bootstrapServers(), incidents.name(),
                        incidents.keySerde().deserializer(), incidents.valueSerde().deserializer()).stream()
                .filter(record -> record.value() != null)
                .map(record -> record.value().correlationKey())
                .toList();
    }
}
