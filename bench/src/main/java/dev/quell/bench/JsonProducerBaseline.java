package dev.quell.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.ingest.bulk.BulkRequest;
import dev.quell.ingest.logs.LogBatch;
import dev.quell.ingest.logs.ShippedLogFields;
import dev.quell.schemas.alertmanager.AlertmanagerWebhookParser;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.ecs.LogEvents;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.json.PayloadException;
import dev.quell.schemas.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A second ingest baseline, optional ({@code -Dquell.bench.ingest-json-baseline=true}): the loop of
 * {@code ProducerPerformance} — sending as fast as the producer takes records, with the same producer
 * settings — but from a thread per core (ingest, too, works on every core: one thread of this
 * JSON alone reads fewer lines a second than ingest takes over HTTP), each record made from the very
 * request bodies the load sends, by ingest's own code (the webhook parser and its events, the NDJSON and {@code _bulk} readers and the
 * log mapper, the topics' serdes). It has ingest's JSON work and none of its HTTP, and no wait per
 * request: what ingest measures below it is what HTTP and answering each request only once its
 * records are durable cost. It tells the JSON's share of the gap to {@code ProducerPerformance}
 * from the rest.
 */
final class JsonProducerBaseline {

    /** What ingest does with one request body, up to the records it sends. */
    @FunctionalInterface
    interface Route {
        /** Turns {@code body} into records and hands each to {@code send}; returns how many. */
        int send(byte[] body, Sender send) throws Exception;
    }

    /** One record's key and value, as ingest's publisher serializes them. */
    @FunctionalInterface
    interface Sender {
        void send(byte[] key, byte[] value);
    }

    private JsonProducerBaseline() {
    }

    /** The webhook route: parsed, split into its alert events, each serialized by the alerts topic's serdes. */
    static Route webhooks(Topic<String, AlertEvent> topic, CorrelationKeys keys) {
        AlertmanagerWebhookParser parser = new AlertmanagerWebhookParser();
        Serializer<String> key = topic.keySerde().serializer();
        Serializer<AlertEvent> value = topic.valueSerde().serializer();
        return (body, send) -> {
            List<AlertEvent> events = parser.parse(body).toAlertEvents(keys, Instant.now());
            for (AlertEvent event : events) {
                send.send(key.serialize(topic.name(), event.correlationKey()), value.serialize(topic.name(), event));
            }
            return events.size();
        };
    }

    /** The {@code /logs} route for NDJSON: line by line to log events. */
    static Route ndjson(Topic<String, LogEvent> topic, CorrelationKeys keys) {
        LogSender logs = new LogSender(topic, keys);
        return (body, send) -> {
            int[] sent = new int[1];
            Instant received = Instant.now();
            LogBatch.ndjson(body).forEach(item -> sent[0] += logs.send(item.document(), received, item.pointer(), send));
            return sent[0];
        };
    }

    /** The {@code /_bulk} route: its actions read, each document to a log event. */
    static Route bulk(Topic<String, LogEvent> topic, CorrelationKeys keys) {
        LogSender logs = new LogSender(topic, keys);
        return (body, send) -> {
            int[] sent = new int[1];
            Instant received = Instant.now();
            BulkRequest.parse(body, null).forEach(item -> sent[0] += logs.send(item.document(), received, "", send));
            return sent[0];
        };
    }

    /**
     * Records per second of {@code route} over {@code bodies} from {@code threads} threads, sent to
     * {@code topicName} with {@code lingerMs}: untimed for {@code warmUp}, then {@link ProducerBaseline#TIMED_RUNS} runs of
     * {@code timedRun} each, each timed until the producer has every record acknowledged.
     */
    static ProducerBaseline.Runs recordsPerSecond(String bootstrapServers, String topicName, int lingerMs,
                                                  Supplier<byte[]> bodies, Route route, int threads, Duration warmUp,
                                                  Duration timedRun) throws Exception {
        Map<String, Object> settings = ProducerBaseline.producerSettings(lingerMs);
        settings.put("bootstrap.servers", bootstrapServers);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long start = System.nanoTime();
            do {
                run(producer, topicName, bodies, route, threads, Duration.ofSeconds(1));
            } while (System.nanoTime() - start < warmUp.toNanos());
            Duration warmedUp = Duration.ofNanos(System.nanoTime() - start);
            List<Double> timed = new ArrayList<>();
            long records = 0;
            for (int i = 0; i < ProducerBaseline.TIMED_RUNS; i++) {
                long began = System.nanoTime();
                records = run(producer, topicName, bodies, route, threads, timedRun);
                timed.add(records * 1e9 / (System.nanoTime() - began));
            }
            return new ProducerBaseline.Runs(timed, records, warmedUp);
        }
    }

    /**
     * Sends bodies' records for {@code duration} from {@code threads} threads sharing the producer, then
     * waits for their acknowledgements; how many were sent.
     */
    private static long run(KafkaProducer<byte[], byte[]> producer, String topic, Supplier<byte[]> bodies, Route route,
                            int threads, Duration duration) throws Exception {
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Sender send = (key, value) -> producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                acknowledged.incrementAndGet();
            }
        });
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        long sent = 0;
        try {
            List<Future<Long>> each = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                each.add(senders.submit(() -> {
                    long mine = 0;
                    do {
                        mine += route.send(bodies.get(), send);
                    } while (System.nanoTime() < end);
                    return mine;
                }));
            }
            for (Future<Long> future : each) {
                sent += future.get();
            }
        } finally {
            senders.shutdownNow();
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("the JSON baseline's records were not all acknowledged", failure.get());
        }
        if (acknowledged.get() != sent) {
            throw new IllegalStateException(acknowledged.get() + " of " + sent + " records acknowledged after flush");
        }
        return sent;
    }

    /** A log document to its event and bytes, as ingest's log routes make them. */
    private static final class LogSender {
        private final Topic<String, LogEvent> topic;
        private final CorrelationKeys keys;
        private final Serializer<String> key;
        private final Serializer<LogEvent> value;

        LogSender(Topic<String, LogEvent> topic, CorrelationKeys keys) {
            this.topic = topic;
            this.keys = keys;
            this.key = topic.keySerde().serializer();
            this.value = topic.valueSerde().serializer();
        }

        int send(ObjectNode document, Instant received, String pointer, Sender send) {
            if (document == null) {
                return 0;
            }
            try {
                LogEvent event = LogEvents.fromFields(new ShippedLogFields(document), document, keys, received, pointer);
                send.send(key.serialize(topic.name(), event.correlationKey()), value.serialize(topic.name(), event));
                return 1;
            } catch (PayloadException e) {
                throw new IllegalStateException("the bench's own log document was refused: " + e.getMessage(), e);
            }
        }
    }
}
