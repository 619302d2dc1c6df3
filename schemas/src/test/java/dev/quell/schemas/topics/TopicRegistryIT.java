package dev.quell.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.kafka.SharedTestBroker;
import dev.quell.schemas.events.SampleEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry against a real broker: topics created with their settings, one record of each type through its serdes. */
class TopicRegistryIT {

    private static final Topics TOPICS = new Topics("registry-it.", 3);
    private static Admin admin;

    @BeforeAll
    static void createTopics() throws Exception {
        admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()));
        List<String> created = new TopicProvisioner(admin, (short) 1).ensure(TOPICS, 30_000);
        assertThat(created).hasSize(7);
    }

    @Test
    void shouldCreateEveryTopicWithItsPartitionsAndCleanupPolicy() throws Exception {
        List<String> names = TOPICS.all().stream().map(Topic::name).toList();
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
        assertThat(descriptions.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(3));

        Config incidents = config(TOPICS.incidents().name());
        assertThat(incidents.get("cleanup.policy").value()).isEqualTo("compact");
        Config alerts = config(TOPICS.alerts().name());
        assertThat(alerts.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(alerts.get("retention.ms").value()).isEqualTo("604800000");
    }

    @Test
    void shouldCreateNothingTheSecondTime() throws Exception {
        assertThat(new TopicProvisioner(admin, (short) 1).ensure(TOPICS, 30_000)).isEmpty();
    }

    @Test
    void shouldCarryOneRecordOfEachTypeThroughTheRegistrySerdes() {
        roundTrip(TOPICS.alerts(), SampleEvents.serviceDown().correlationKey(), SampleEvents.serviceDown());
        roundTrip(TOPICS.logs(), SampleEvents.ragPipelineLog().correlationKey(), SampleEvents.ragPipelineLog());
        roundTrip(TOPICS.incidents(), SampleEvents.poolExhaustedIncident().id(), SampleEvents.poolExhaustedIncident());
        roundTrip(TOPICS.remediations(), "inc-1", SampleEvents.killIdleConnectionsPlanned());
        roundTrip(TOPICS.ledger(), "postgres/short-drama-db", SampleEvents.ledgerForShortDramaDb());
        roundTrip(TOPICS.remediationPlans(), "postgres/short-drama-db", SampleEvents.poolExhaustedPlan());
        roundTrip(TOPICS.deadLetters(), "ingest.webhook", SampleEvents.truncatedWebhook());
    }

    private static <V> void roundTrip(Topic<String, V> topic, String key, V value) {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(producerProps,
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + topic, e);
        }

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "registry-it-" + topic.name());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, V>> read = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(consumerProps,
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        assertThat(read).as("records read back from " + topic).hasSize(1);
        assertThat(read.get(0).key()).isEqualTo(key);
        assertThat(read.get(0).value()).isEqualTo(value);
    }

    private static Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
