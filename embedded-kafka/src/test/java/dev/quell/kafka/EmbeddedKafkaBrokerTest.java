package dev.quell.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepTopicsAndRecordsAcrossARestartOnTheSameDataDirectory() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start()) {
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("durable", Optional.of(2), Optional.empty()))).all().get();
            }
            try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
                producer.send(new ProducerRecord<>("durable", "k", "kept across restarts")).get();
            }
        }

        try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", restarted.bootstrapServers()))) {
                Set<String> names = admin.listTopics().names().get();
                assertThat(names).contains("durable");
            }
            assertThat(readAll(restarted.bootstrapServers(), "durable", 1))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("kept across restarts");
        }
    }

    @Test
    void shouldFormConsumerGroupsOnASingleNode() throws Exception {
        // offsets.topic.replication.factor=1 is what makes this work on one broker
        String bootstrap = SharedTestBroker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("groups", 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            producer.send(new ProducerRecord<>("groups", "k", "v")).get();
        }
        assertThat(readAll(bootstrap, "groups", 1)).hasSize(1);
    }

    @Test
    void shouldRefuseToBuildWithoutADataDirectory() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("data directory");
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
