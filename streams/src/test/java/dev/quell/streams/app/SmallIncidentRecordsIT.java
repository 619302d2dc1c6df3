package dev.quell.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quell.kafka.SharedTestBroker;
import dev.quell.kafka.TopicContents;
import dev.quell.schemas.alertmanager.AlertFingerprint;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An incidents topic an operator configured for smaller records than Kafka's default
 * ({@code max.message.bytes}): incident versions are cut to fit it, as they are cut to fit the
 * producer's limit — not refused by the broker on every retry of the same input, which stopped
 * every incident behind it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmallIncidentRecordsIT implements TestPropertyProvider {

    private static final String PREFIX = "small-incident-records-it.";
    private static final int INCIDENTS_TOPIC_LIMIT = 64 * 1024;

    /** One partition: every incident goes through the same task, so one stuck input would hold them all. */
    private final Topics topics = new Topics(PREFIX, 1);

    @Override
    public Map<String, String> getProperties() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            Map<String, String> configs = new java.util.HashMap<>(topics.incidents().settings().configs());
            configs.put("max.message.bytes", Integer.toString(INCIDENTS_TOPIC_LIMIT));
            admin.createTopics(List.of(new NewTopic(topics.incidents().name(), 1, (short) 1).configs(configs))).all().get();
            new TopicProvisioner(admin, (short) 1).ensure(topics, 30_000);
            return Map.of(
                    "kafka.bootstrap.servers", SharedTestBroker.bootstrapServers(),
                    "quell.topics.prefix", PREFIX,
                    "quell.streams.application-id", "small-incident-records-it-" + System.nanoTime(),
                    "quell.streams.state-dir", Files.createTempDirectory("small-incident-records-it-").toString(),
                    "micronaut.server.port", "-1");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void shouldCutVersionsToTheIncidentsTopicsLimitAndGoOn() {
        sendAlerts("huge", 3, 30_000); // 90 KB of labels: larger than the topic takes, far less than 1 MiB
        sendAlerts("after", 1, 10);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Incident> newest = newestByKey();
            assertThat(newest).as("the incident after the huge one is published: the task goes on")
                    .containsKey("ns/after");
            Incident huge = newest.get("ns/huge");
            assertThat(huge).isNotNull();
            assertThat(huge.alertsOmitted()).isPositive();
            assertThat(huge.alerts().size() + huge.alertsOmitted()).isEqualTo(3);
        });
    }

    @Test
    @Order(2)
    void shouldCutVersionsToALimitLoweredWhileRunning() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topics.incidents().name()),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", Integer.toString(16 * 1024)),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
        sendAlerts("lowered", 2, 10_000); // 20 KB: within the limit read at start-up, over the lowered one
        sendAlerts("after-lowered", 1, 10);

        await().atMost(Duration.ofSeconds(90)).dontCatchUncaughtExceptions().untilAsserted(() -> {
            Map<String, Incident> newest = newestByKey();
            assertThat(newest).containsKey("ns/after-lowered");
            Incident lowered = newest.get("ns/lowered");
            assertThat(lowered).isNotNull();
            assertThat(lowered.alerts()).as("one of the two fits the lowered limit").hasSize(1);
            assertThat(lowered.alertsOmitted()).isEqualTo(1);
        });
    }

    private void sendAlerts(String service, int count, int labelBytes) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers());
        Instant now = Instant.now();
        try (KafkaProducer<String, AlertEvent> producer = new KafkaProducer<>(props,
                topics.alerts().keySerde().serializer(), topics.alerts().valueSerde().serializer())) {
            for (int i = 0; i < count; i++) {
                Map<String, String> labels = Map.of("alertname", "KubePodCrashLooping", "severity", "warning",
                        "namespace", "ns", "service", service, "pod", service + "-" + i,
                        "blob", String.valueOf(i).repeat(labelBytes));
                AlertEvent alert = new AlertEvent(AlertFingerprint.of(labels), "ns/" + service, "KubePodCrashLooping",
                        AlertStatus.FIRING, labels, Map.of(), now, null, null, "quell", "{}", null, now);
                producer.send(new ProducerRecord<>(topics.alerts().name(), alert.correlationKey(), alert));
            }
            producer.flush();
        }
    }

    /** The newest version of each incident on the incidents topic, by correlation key. */
    private Map<String, Incident> newestByKey() {
        Topic<String, Incident> incidents = topics.incidents();
        Map<String, Incident> newest = new java.util.HashMap<>();
        for (ConsumerRecord<String, Incident> record : TopicContents.readAll(SharedTestBroker.bootstrapServers(),
                incidents.name(), incidents.keySerde().deserializer(), incidents.valueSerde().deserializer())) {
            if (record.value() != null) {
                newest.put(record.value().correlationKey(), record.value());
            }
        }
        return newest;
    }
}
