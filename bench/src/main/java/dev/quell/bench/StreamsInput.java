package dev.quell.bench;

import dev.quell.schemas.alertmanager.AlertmanagerWebhookParser;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.ecs.LogEvents;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.topics.Topics;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Fills the alerts and logs topics with exactly what ingest would write for the benchmark's payloads. */
final class StreamsInput {

    private StreamsInput() {
    }

    static long fill(String bootstrap, Topics topics, int webhooks, int logBatches) throws Exception {
        Payloads payloads = new Payloads();
        AlertmanagerWebhookParser parser = new AlertmanagerWebhookParser();
        CorrelationKeys keys = CorrelationKeys.defaults();
        long records = 0;
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        org.apache.kafka.clients.producer.Callback failed = (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        };
        try (KafkaProducer<String, AlertEvent> alerts = new KafkaProducer<>(settings(bootstrap),
                topics.alerts().keySerde().serializer(), topics.alerts().valueSerde().serializer());
             KafkaProducer<String, LogEvent> logs = new KafkaProducer<>(settings(bootstrap),
                     topics.logs().keySerde().serializer(), topics.logs().valueSerde().serializer())) {
            for (int i = 0; i < webhooks; i++) {
                for (AlertEvent alert : parser.parse(payloads.webhook()).toAlertEvents(keys, Instant.now())) {
                    alerts.send(new ProducerRecord<>(topics.alerts().name(), alert.correlationKey(), alert), failed);
                    records++;
                }
            }
            for (int i = 0; i < logBatches; i++) {
                for (String line : new String(payloads.ndjson(), StandardCharsets.UTF_8).split("\n")) {
                    LogEvent log = LogEvents.fromEcs((ObjectNode) Json.mapper().readTree(line), keys, Instant.now(), "");
                    logs.send(new ProducerRecord<>(topics.logs().name(), log.correlationKey(), log), failed);
                    records++;
                }
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("filling the input topics failed", failure.get());
        }
        return records;
    }

    /**
     * One request in flight per connection: the topics were created a moment ago, and a broker that
     * refuses the first batch (not yet the partition's leader) while taking the next ones fails the
     * idempotent producer with an out-of-order sequence (seen once, filling a fresh broker's topics).
     */
    private static Map<String, Object> settings(String bootstrap) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    }
}
