package dev.quell.remediator.kafka;

import dev.quell.remediator.engine.EventSink;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.topics.Topic;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes each remediation step on {@code quell.remediations.v1} (keyed by incident id), acknowledged before the engine goes on. */
public final class KafkaEventSink implements EventSink {

    private final Topic<String, RemediationEvent> topic;
    private final Producer<String, RemediationEvent> producer;
    private final RemediationEventLog log;

    public KafkaEventSink(Topic<String, RemediationEvent> topic, Producer<String, RemediationEvent> producer,
                          RemediationEventLog log) {
        this.topic = topic;
        this.producer = producer;
        this.log = log;
    }

    @Override
    public void publish(String incidentId, RemediationEvent event) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), incidentId, event)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish " + event.type() + " for " + incidentId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event.type(), e);
        }
        log.add(event);
    }
}
