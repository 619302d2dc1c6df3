package dev.quell.remediator.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of {@code quell.remediation-plans.v1} a subject's plans go to: decided here, in
 * one place, so the replica that owns a partition knows which subjects are its own (the same hash
 * as Kafka's default partitioner for a key).
 */
final class PlanRouting {

    private PlanRouting() {
    }

    static int partitionOf(String subject, int partitions) {
        return Utils.toPositive(Utils.murmur2(subject.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
