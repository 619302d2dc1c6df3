package dev.quell.remediator.kafka;

import dev.quell.remediator.engine.Ledger;
import dev.quell.schemas.events.LedgerEntry;
import dev.quell.schemas.topics.Topic;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger on the compacted {@code quell.remediation-ledger.v1}: read whole at start-up and then
 * followed, so every replica sees every target's budgets, cooldowns and done keys (and the pause
 * switch); every change is written and acknowledged ({@code acks=all}) before the engine goes on.
 * An entry is replaced only by one written later (by offset), so following never steps back.
 */
public final class KafkaLedger implements Ledger, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaLedger.class);

    private record Versioned(LedgerEntry entry, long offset) {
    }

    private final Topic<String, LedgerEntry> topic;
    private final Producer<String, LedgerEntry> producer;
    private final Map<String, Versioned> entries = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final AtomicBoolean following = new AtomicBoolean(true);
    private KafkaConsumer<String, LedgerEntry> consumer;
    private Thread follower;

    public KafkaLedger(Topic<String, LedgerEntry> topic, Producer<String, LedgerEntry> producer) {
        this.topic = topic;
        this.producer = producer;
    }

    /** Reads the topic to its current end, then keeps following it in the background. */
    public void restore(String bootstrapServers) {
        WholeTopic<String, LedgerEntry> whole = WholeTopic.assign(bootstrapServers, topic, Duration.ofSeconds(30));
        consumer = whole.consumer();
        consumer.seekToBeginning(whole.partitions());
        Map<TopicPartition, Long> end = consumer.endOffsets(whole.partitions(), Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (whole.behind(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic.name() + " to its end within 2 minutes");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(this::apply);
        }
        follower = new Thread(this::follow, "quell-ledger-follower");
        follower.setDaemon(true);
        follower.start();
    }

    private void follow() {
        try {
            while (following.get()) {
                consumer.poll(Duration.ofMillis(200)).forEach(this::apply);
            }
        } catch (WakeupException stopping) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("stopped following the ledger", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, LedgerEntry> record) {
        positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        entries.compute(record.key(), (key, known) -> known != null && known.offset() >= record.offset() ? known
                : record.value() == null ? null : new Versioned(record.value(), record.offset()));
    }

    @Override
    public Optional<LedgerEntry> get(String target) {
        return Optional.ofNullable(entries.get(target)).map(Versioned::entry);
    }

    @Override
    public Collection<LedgerEntry> all() {
        return entries.values().stream().map(Versioned::entry).toList();
    }

    @Override
    public void put(LedgerEntry entry) {
        RecordMetadata written;
        try {
            written = producer.send(new ProducerRecord<>(topic.name(), entry.target(), entry)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write the ledger entry of " + entry.target()
                    + "; nothing is done without it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the ledger", e);
        }
        entries.compute(entry.target(), (key, known) -> known != null && known.offset() >= written.offset() ? known
                : new Versioned(entry, written.offset()));
    }

    @Override
    public void close() {
        following.set(false);
        if (consumer != null) {
            consumer.wakeup();
        }
    }
}
