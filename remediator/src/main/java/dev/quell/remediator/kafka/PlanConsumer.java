package dev.quell.remediator.kafka;

import dev.quell.remediator.engine.PublishedEvents;
import dev.quell.remediator.engine.RemediationEngine;
import dev.quell.schemas.events.RemediationPlan;
import dev.quell.schemas.topics.Topic;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the plans of the targets this replica owns: {@code quell.remediation-plans.v1} is keyed
 * by target, so a target's partition — and every decision about it — belongs to one replica at a
 * time. When partitions come to this replica (at start-up, or from a replica that left), the
 * actions its new subjects left unfinished are settled, and their approval requests restored,
 * before any plan of theirs is decided; partitions that leave take their approval requests along.
 * Offsets are committed once the engine is done; the ledger's done keys make a plan read again
 * after a crash harmless.
 */
public final class PlanConsumer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PlanConsumer.class);

    private final KafkaConsumer<String, RemediationPlan> consumer;
    private final Topic<String, RemediationPlan> plans;
    private final RemediationEngine engine;
    private final ConsumerLoop loop;
    private final PublishedEvents published;
    private final AtomicInteger owned = new AtomicInteger();
    /** Partitions assigned whose subjects' unfinished actions are not settled yet (touched by the polling thread only). */
    private final Set<TopicPartition> unsettled = new HashSet<>();

    public PlanConsumer(String bootstrapServers, String groupId, Topic<String, RemediationPlan> plans,
                        RemediationEngine engine, PublishedEvents published) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 900_000);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000); // a crashed replica's partitions move on in ~10 s, not 45
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), plans.valueSerde().deserializer());
        this.loop = new ConsumerLoop("deciding plans", consumer, ConsumerLoop.BACKOFF);
        this.plans = plans;
        this.engine = engine;
        this.published = published;
    }

    /** Before {@link #run}: the consumer's {@code kafka_consumer_*} metrics (lag) on {@code registry}. */
    public PlanConsumer bindMetrics(MeterRegistry registry) {
        new KafkaClientMetrics(consumer).bindTo(registry);
        return this;
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(plans.name()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                owned.addAndGet(-partitions.size());
                unsettled.removeAll(partitions);
                engine.forgetApprovals(subjectsOf(partitions));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                owned.addAndGet(partitions.size());
                unsettled.addAll(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                owned.addAndGet(-partitions.size());
                unsettled.removeAll(partitions);
            }
        });
        loop.run(() -> {
            ConsumerRecords<String, RemediationPlan> records = consumer.poll(Duration.ofMillis(500));
            settleTakenOver(); // failing, the loop reads these records again and settles first
            for (ConsumerRecord<String, RemediationPlan> record : records) {
                if (record.value() != null) {
                    engine.decide(record.value());
                }
            }
            engine.expireApprovals();
            consumer.commitSync();
        });
        LOG.info("stopped deciding plans");
    }

    private void settleTakenOver() {
        if (unsettled.isEmpty()) {
            return;
        }
        engine.takeOver(subjectsOf(unsettled), published);
        unsettled.clear();
    }

    /** Whether a subject's plans go to one of these partitions. */
    private Predicate<String> subjectsOf(Collection<TopicPartition> partitions) {
        int count = consumer.partitionsFor(plans.name()).size();
        Set<Integer> numbers = new HashSet<>();
        partitions.forEach(partition -> numbers.add(partition.partition()));
        return subject -> numbers.contains(PlanRouting.partitionOf(subject, count));
    }

    /** How many partitions of the plans topic (and so which share of the targets) this replica owns now. */
    public int ownedPartitions() {
        return owned.get();
    }

    public void stop() {
        loop.stop();
    }
}
