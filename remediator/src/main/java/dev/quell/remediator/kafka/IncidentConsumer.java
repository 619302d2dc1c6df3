package dev.quell.remediator.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.remediator.engine.RemediationEngine;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.json.PayloadProblem;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.validation.SchemaValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each incident version from {@code quell.incidents.v1} to the engine, one at a time, and
 * commits the offset only after the engine is done with it. A record that is not a valid incident
 * goes to the dead letters and the stream goes on.
 */
public final class IncidentConsumer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentConsumer.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<String, Incident> incidents;
    private final Topic<String, DeadLetter> deadLetters;
    private final Producer<String, DeadLetter> deadLetterProducer;
    private final RemediationEngine engine;
    private final SchemaValidator validator;
    private final AtomicBoolean running = new AtomicBoolean(true);

    public IncidentConsumer(String bootstrapServers, String groupId, Topic<String, Incident> incidents,
                            Topic<String, DeadLetter> deadLetters, Producer<String, DeadLetter> deadLetterProducer,
                            RemediationEngine engine) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 900_000);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.incidents = incidents;
        this.deadLetters = deadLetters;
        this.deadLetterProducer = deadLetterProducer;
        this.engine = engine;
        this.validator = incidents.validator();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(incidents.name()));
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    handle(record);
                }
                engine.expireApprovals();
                consumer.commitSync();
            }
        } catch (WakeupException stopping) {
            if (running.get()) {
                throw stopping;
            }
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        Incident incident;
        try {
            JsonNode tree = Json.mapper().readTree(record.value());
            List<PayloadProblem> problems = validator.problems(tree);
            if (!problems.isEmpty()) {
                deadLetter(record, "not a valid Incident: "
                        + problems.stream().map(PayloadProblem::toString).collect(Collectors.joining("; ")));
                return;
            }
            incident = Json.mapper().treeToValue(tree, Incident.class);
        } catch (Exception e) {
            deadLetter(record, "not readable as Incident: " + e.getMessage());
            return;
        }
        engine.onIncident(incident);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warn("incident record {}-{}@{} refused: {}", record.topic(), record.partition(), record.offset(), reason);
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        deadLetterProducer.send(new ProducerRecord<>(deadLetters.name(), "remediator.incidents",
                DeadLetter.of("remediator.incidents", reason, payload, Instant.now())));
    }

    public void stop() {
        running.set(false);
        consumer.wakeup();
    }
}
