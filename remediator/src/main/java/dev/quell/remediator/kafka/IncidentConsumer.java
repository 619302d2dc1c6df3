package dev.quell.remediator.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.remediator.engine.RemediationEngine;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.RemediationPlan;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.json.PayloadException;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.validation.SchemaValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import dev.quell.service.metrics.DeadLetterMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans each incident version from {@code quell.incidents.v1} (which playbooks answer it, on which
 * target) and routes the plans to {@code quell.remediation-plans.v1}, keyed by target, so the
 * replica that owns a target decides about it alone; commits only once the plans are acknowledged.
 * A record that is not a valid incident goes to the dead letters and the stream goes on; so does
 * one whose plan is too large for a Kafka record.
 */
public final class IncidentConsumer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentConsumer.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<String, Incident> incidents;
    private final Topic<String, DeadLetter> deadLetters;
    private final Producer<String, DeadLetter> deadLetterProducer;
    private final PlanSender plans;
    private final RemediationEngine engine;
    private final SchemaValidator validator;
    private final ConsumerLoop loop;
    private DeadLetterMetrics deadLetterMetrics;

    public IncidentConsumer(String bootstrapServers, String groupId, Topic<String, Incident> incidents,
                            Topic<String, DeadLetter> deadLetters, Producer<String, DeadLetter> deadLetterProducer,
                            PlanSender plans, RemediationEngine engine) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 900_000);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000); // a crashed replica's partitions move on in ~10 s, not 45
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.loop = new ConsumerLoop("planning incidents", consumer, ConsumerLoop.BACKOFF);
        this.incidents = incidents;
        this.deadLetters = deadLetters;
        this.deadLetterProducer = deadLetterProducer;
        this.plans = plans;
        this.engine = engine;
        this.validator = incidents.validator();
    }

    /** Before {@link #run}: the consumer's {@code kafka_consumer_*} metrics (lag) and the dead letters it writes, on {@code registry}. */
    public IncidentConsumer bindMetrics(MeterRegistry registry) {
        new KafkaClientMetrics(consumer).bindTo(registry);
        deadLetterMetrics = new DeadLetterMetrics(registry);
        return this;
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(incidents.name()));
        loop.run(() -> {
            List<RoutedPlan> routed = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                handle(record, routed);
            }
            for (RoutedPlan plan : routed) {
                awaitRouted(plan);
            }
            consumer.commitSync();
        });
    }

    /** A plan sent for the incident record it was made of. */
    private record RoutedPlan(ConsumerRecord<String, byte[]> incident, RemediationPlan plan, Future<RecordMetadata> sent) {
    }

    /**
     * Waits until the plan is acknowledged; not routed in time, the poll is read again from the last
     * commit. A plan too large for a Kafka record never will be — it carries its incident whole — so
     * its incident goes to the dead letters instead of being read again and again (which stopped
     * the planning of every incident after it).
     */
    private void awaitRouted(RoutedPlan routed) throws Exception {
        try {
            routed.sent().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RecordTooLargeException)) {
                throw e;
            }
            deadLetter(routed.incident(), "its plan of playbook " + routed.plan().playbook() + " on "
                    + routed.plan().target() + " is too large for a Kafka record: " + e.getCause().getMessage());
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record, List<RoutedPlan> routed) {
        if (record.value() == null) {
            return; // the tombstone of an incident past its retention: nothing to remediate, nothing wrong
        }
        Incident incident;
        try {
            JsonNode tree = Json.mapper().readTree(record.value());
            validator.validate(tree);
            incident = Json.mapper().treeToValue(tree, Incident.class);
        } catch (PayloadException e) {
            deadLetter(record, "not a valid Incident: " + e.getMessage());
            return;
        } catch (Exception e) {
            deadLetter(record, "not readable as Incident: " + e.getMessage());
            return;
        }
        for (RemediationPlan plan : engine.plan(incident)) {
            routed.add(new RoutedPlan(record, plan, plans.send(plan)));
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warn("incident record {}-{}@{} refused: {}", record.topic(), record.partition(), record.offset(), reason);
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        deadLetterProducer.send(new ProducerRecord<>(deadLetters.name(), "remediator.incidents",
                DeadLetter.of("remediator.incidents", reason, payload, Instant.now())), (metadata, error) -> {
                    if (error != null) {
                        LOG.warn("dead letter for {}-{}@{} not written: {}", record.topic(), record.partition(),
                                record.offset(), error.toString());
                    } else if (deadLetterMetrics != null) {
                        deadLetterMetrics.count("remediator.incidents");
                    }
                });
    }

    public void stop() {
        loop.stop();
    }
}
