package dev.quell.remediator.kafka;

import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.topics.Topic;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The latest remediation events, for {@code GET /api/v1/remediations}: loaded at start-up from the
 * end of {@code quell.remediations.v1} and kept up to date with what this remediator publishes.
 */
public final class RemediationEventLog {

    private final int capacity;
    private final Deque<RemediationEvent> events = new ArrayDeque<>();

    public RemediationEventLog(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(RemediationEvent event) {
        events.addLast(event);
        while (events.size() > capacity) {
            events.removeFirst();
        }
    }

    /** The events of one incident (or all, for {@code null}), newest first. */
    public synchronized List<RemediationEvent> find(String incidentId) {
        return events.stream()
                .filter(event -> incidentId == null || (event.data() != null && incidentId.equals(event.data().incidentId())))
                .sorted(Comparator.comparing(RemediationEvent::time).reversed())
                .toList();
    }

    /** Reads at most {@code capacity} of the newest events per partition of the topic. */
    public void load(String bootstrapServers, Topic<String, RemediationEvent> topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, RemediationEvent> consumer = new KafkaConsumer<>(props,
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            partitions.forEach(tp -> consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - capacity)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value() != null) {
                        add(record.value());
                    }
                });
            }
        }
    }
}
