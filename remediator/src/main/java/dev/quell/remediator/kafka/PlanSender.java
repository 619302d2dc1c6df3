package dev.quell.remediator.kafka;

import dev.quell.schemas.events.RemediationPlan;
import dev.quell.schemas.topics.Topic;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends a plan to {@code quell.remediation-plans.v1}, keyed by its target and on the partition
 * {@link PlanRouting} gives the target, where the replica that owns the target decides it.
 */
public final class PlanSender {

    private final Topic<String, RemediationPlan> plans;
    private final Producer<String, RemediationPlan> producer;

    public PlanSender(Topic<String, RemediationPlan> plans, Producer<String, RemediationPlan> producer) {
        this.plans = plans;
        this.producer = producer;
    }

    /** Acknowledged when the future completes. */
    public Future<RecordMetadata> send(RemediationPlan plan) {
        int partitions = producer.partitionsFor(plans.name()).size();
        return producer.send(new ProducerRecord<>(plans.name(), PlanRouting.partitionOf(plan.target(), partitions),
                plan.target(), plan));
    }
}
