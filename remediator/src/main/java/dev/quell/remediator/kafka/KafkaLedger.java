package dev.quell.remediator.kafka;

import dev.quell.remediator.engine.Ledger;
import dev.quell.schemas.events.LedgerEntry;
import dev.quell.schemas.topics.Topic;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The ledger on the compacted {@code quell.remediation-ledger.v1}: read whole at start-up, so
 * budgets, cooldowns and done keys survive a restart; every change written and acknowledged
 * ({@code acks=all}) before the engine goes on.
 */
public final class KafkaLedger implements Ledger {

    private final Topic<String, LedgerEntry> topic;
    private final Producer<String, LedgerEntry> producer;
    private final Map<String, LedgerEntry> entries = new ConcurrentHashMap<>();

    public KafkaLedger(Topic<String, LedgerEntry> topic, Producer<String, LedgerEntry> producer) {
        this.topic = topic;
        this.producer = producer;
    }

    /** Reads the topic from its beginning to its current end; the latest entry of each target wins. */
    public void restore(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, LedgerEntry> consumer = new KafkaConsumer<>(props,
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic.name() + " to its end within 2 minutes");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value() == null) {
                        entries.remove(record.key());
                    } else {
                        entries.put(record.key(), record.value());
                    }
                });
            }
        }
    }

    @Override
    public Optional<LedgerEntry> get(String target) {
        return Optional.ofNullable(entries.get(target));
    }

    @Override
    public Collection<LedgerEntry> all() {
        return List.copyOf(entries.values());
    }

    @Override
    public void put(LedgerEntry entry) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), entry.target(), entry)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write the ledger entry of " + entry.target()
                    + "; nothing is done without it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the ledger", e);
        }
        entries.put(entry.target(), entry);
    }
}
