package dev.quell.remediator.kafka;

import dev.quell.schemas.topics.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer outside any consumer group, assigned every partition of one topic and reading only
 * what is committed: how the remediator reads its own topics (the ledger, the remediation events)
 * from a point of its own choosing. The caller seeks, polls and closes the consumer.
 */
record WholeTopic<K, V>(KafkaConsumer<K, V> consumer, List<TopicPartition> partitions) {

    static <K, V> WholeTopic<K, V> assign(String bootstrapServers, Topic<K, V> topic, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            return new WholeTopic<>(consumer, partitions);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    /** Whether the consumer is still before {@code end} in any partition. */
    boolean behind(Map<TopicPartition, Long> end) {
        return partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp));
    }
}
