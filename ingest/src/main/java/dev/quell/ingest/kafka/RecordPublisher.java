package dev.quell.ingest.kafka;

import dev.quell.ingest.config.IngestConfig;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces a batch of records to a registry topic and waits until Kafka acknowledged every one
 * of them ({@code acks=all}). It answers only "all durable" or {@link KafkaUnavailableException}:
 * never "sent" for a record that is not.
 *
 * <p>Two producers, one per {@link Lane}: alerts are sent at once, everything else lingers to batch.
 */
@Singleton
public class RecordPublisher {

    /**
     * How a topic's records are sent. A webhook's 50 alerts are ~10 KB per partition, far from a
     * full batch, so with a linger every webhook waited it out — most of its time at low
     * concurrency (docs/benchmarks.md: +53–66 % alerts/s at 8 clients without it); Alertmanager
     * waits for that answer, and the incident path starts there. Log batches are large and many:
     * lingering 5 ms packs them into fewer requests (~10 % more lines/s at 8 clients).
     */
    public enum Lane {
        /** The alerts topic: no linger. */
        PROMPT(0, "alerts"),
        /** Logs and dead letters: 5 ms linger, Kafka 4's default. */
        BATCHED(5, "logs");

        private final int lingerMs;
        private final String clientIdSuffix;

        Lane(int lingerMs, String clientIdSuffix) {
            this.lingerMs = lingerMs;
            this.clientIdSuffix = clientIdSuffix;
        }

        int lingerMs() {
            return lingerMs;
        }

        String clientIdSuffix() {
            return clientIdSuffix;
        }

        /** The lane of a topic's records: {@link #PROMPT} for the alerts topic, {@link #BATCHED} for the rest. */
        static Lane of(Topic<?, ?> topic, Topics topics) {
            return topic.name().equals(topics.alerts().name()) ? PROMPT : BATCHED;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecordPublisher.class);

    private final IngestConfig config;
    private final Topics topics;
    private final Map<Lane, AtomicReference<Producer<byte[], byte[]>>> producers = new EnumMap<>(Lane.class);
    private final Duration ackTimeout;
    private final Timer produceLatency;
    private final TopicRecordLimits limits;

    public RecordPublisher(IngestConfig config, MeterRegistry meters, TopicRecordLimits limits) {
        this.config = config;
        this.limits = limits;
        this.topics = config.topics();
        for (Lane lane : Lane.values()) {
            producers.put(lane, new AtomicReference<>(ProducerFactory.create(config, lane)));
        }
        this.ackTimeout = config.ackTimeout();
        this.produceLatency = Timer.builder("quell.ingest.produce.latency")
                .description("Time from sending a request's records to Kafka until every one was acknowledged")
                .publishPercentileHistogram()
                .register(meters);
    }

    /**
     * Sends each record as soon as {@code records} produces it, then returns once all are
     * acknowledged. A record larger than Kafka takes is not sent: the {@code send} that was handed it
     * throws {@link OversizeRecordException}, for the caller to refuse that item and go on.
     *
     * @return how many records were sent (0: nothing to wait for)
     */
    public <K, V> int publishEach(Topic<K, V> topic, RecordStream<K, V> records) throws KafkaUnavailableException {
        return publishSerialized(topic, send -> records.sendEach((key, value) -> send.accept(serialize(topic, key, value))));
    }

    /**
     * Sends all the records or none: each is serialized before the first is sent, and one larger
     * than Kafka takes fails the call with {@link OversizeRecordException} naming its place.
     *
     * @return how many records were sent (0: nothing to wait for)
     */
    public <K, V> int publishAll(Topic<K, V> topic, List<Map.Entry<K, V>> records) throws KafkaUnavailableException {
        List<ProducerRecord<byte[], byte[]>> serialized = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                serialized.add(serialize(topic, records.get(i).getKey(), records.get(i).getValue()));
            } catch (OversizeRecordException e) {
                throw e.at(i);
            }
        }
        return publishSerialized(topic, serialized::forEach);
    }

    /** Sends one record without waiting; the future completes when Kafka acknowledged it or gave up (or it was too large). */
    public <K, V> CompletableFuture<Void> send(Topic<K, V> topic, K key, V value) {
        Acknowledgements ack = new Acknowledgements();
        Callback answer = ack.expectOne();
        try {
            send(topic, serialize(topic, key, value), answer);
        } catch (RuntimeException e) {
            answer.onCompletion(null, e);
        }
        return ack.sealed();
    }

    private int publishSerialized(Topic<?, ?> topic, Consumer<Consumer<ProducerRecord<byte[], byte[]>>> records)
            throws KafkaUnavailableException {
        Acknowledgements acks = new Acknowledgements();
        long[] firstSent = new long[1];
        records.accept(record -> {
            if (acks.expected() == 0) {
                firstSent[0] = System.nanoTime();
            }
            send(topic, record, acks.expectOne());
        });
        CompletableFuture<Void> verdict = acks.sealed();
        if (acks.expected() == 0) {
            return 0;
        }
        awaitAll(topic, verdict);
        produceLatency.record(System.nanoTime() - firstSent[0], TimeUnit.NANOSECONDS);
        return acks.expected();
    }

    /**
     * The record's bytes, checked against what Kafka takes in one record of the topic: the producer
     * refuses one over {@code max.request.size} with its framing, the broker one over the topic's
     * {@code max.message.bytes} — a fault of the input that no retry mends.
     */
    private <K, V> ProducerRecord<byte[], byte[]> serialize(Topic<K, V> topic, K key, V value) {
        byte[] keyBytes = topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] valueBytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        int size = (keyBytes == null ? 0 : keyBytes.length) + (valueBytes == null ? 0 : valueBytes.length);
        TopicRecordLimits.Limit limit = limits.of(topic.name());
        if (size > limit.bytes()) {
            throw new OversizeRecordException(-1, size, limit);
        }
        return new ProducerRecord<>(topic.name(), keyBytes, valueBytes);
    }

    private void send(Topic<?, ?> topic, ProducerRecord<byte[], byte[]> record, Callback answer) {
        try {
            producers.get(Lane.of(topic, topics)).get().send(record, answer);
        } catch (RuntimeException e) {
            // send() itself fails when metadata or buffer space did not come within max.block.ms
            answer.onCompletion(null, e);
        }
    }

    private void awaitAll(Topic<?, ?> topic, CompletableFuture<Void> verdict) throws KafkaUnavailableException {
        // The producer fails a record it could not deliver once its batch is older than
        // delivery.timeout.ms (= the ack timeout) — but only as it gets to it: an idempotent producer
        // that must first renew its producer id can hold batches while no broker answers. So when
        // the verdict is late, the producer is abandoned (closed at once, failing every record it
        // still holds) and replaced: a record answered 503 is never sent once Kafka is back.
        long deadline = ackTimeout.toMillis() + ackTimeout.toMillis() / 2 + 2_000;
        try {
            verdict.get(deadline, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            LOG.warn("Kafka did not acknowledge records for {}: {}", topic.name(), e.getCause().toString());
            if (e.getCause() instanceof RecordTooLargeException) {
                // the topic's limit was lowered since it was read: read it again, so the retry is refused as too large
                limits.refresh();
            }
            throw new KafkaUnavailableException("Kafka did not acknowledge the records: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            LOG.warn("the Kafka producer neither delivered nor failed records for {} within {} ms; replacing it",
                    topic.name(), deadline);
            abandonProducer(Lane.of(topic, topics));
            throw new KafkaUnavailableException("Kafka did not acknowledge the records within " + ackTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while waiting for Kafka", e);
        }
    }

    private synchronized void abandonProducer(Lane lane) {
        Producer<byte[], byte[]> old = producers.get(lane).getAndSet(ProducerFactory.create(config, lane));
        old.close(Duration.ZERO);
    }

    /** Graceful shutdown: whatever was accepted for sending is flushed, then the producers close. */
    @PreDestroy
    void close() {
        producers.values().forEach(producer -> producer.get().flush());
        producers.values().forEach(producer -> producer.get().close(ackTimeout));
    }
}
