package dev.quell.indexer.indexing;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which consumed records are not yet safely in Elasticsearch (or the dead letters), per partition,
 * so that a committed offset never passes a record still in flight: the offset to commit is the
 * lowest one pending, or the consumer's position when none is (one past the last consumed, or past
 * the transaction markers after it).
 */
final class PendingOffsets {

    private final Map<TopicPartition, TreeSet<Long>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> nextToConsume = new HashMap<>();
    private int size;

    synchronized void consumed(TopicPartition partition, long offset) {
        if (pending.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset)) {
            size++;
        }
        nextToConsume.merge(partition, offset + 1, Math::max);
    }

    /**
     * The consumer's position on a partition it consumed from: past every record it returned and
     * past the transaction markers after them. With nothing pending it is what is committed, so on
     * a transactional topic (incidents, remediations) the group's committed offset reaches the end
     * — past the last commit marker — instead of stopping one short of it.
     */
    synchronized void passed(TopicPartition partition, long position) {
        nextToConsume.computeIfPresent(partition, (p, next) -> Math.max(next, position));
    }

    /** The partitions consumed from (and not forgotten since). */
    synchronized Set<TopicPartition> consumedFrom() {
        return Set.copyOf(nextToConsume.keySet());
    }

    /** The record is indexed (or dead-lettered); a completion for a partition no longer owned is ignored. */
    synchronized void done(TopicPartition partition, long offset) {
        TreeSet<Long> offsets = pending.get(partition);
        if (offsets != null && offsets.remove(offset)) {
            size--;
        }
    }

    synchronized int size() {
        return size;
    }

    /** What may be committed now, per partition consumed from. */
    synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextToConsume.forEach((partition, next) -> {
            TreeSet<Long> waiting = pending.get(partition);
            offsets.put(partition, new OffsetAndMetadata(waiting == null || waiting.isEmpty() ? next : waiting.first()));
        });
        return offsets;
    }

    /** A revoked partition: its records are the next owner's (a replay overwrites, the ids being stable). */
    synchronized void forget(TopicPartition partition) {
        TreeSet<Long> offsets = pending.remove(partition);
        if (offsets != null) {
            size -= offsets.size();
        }
        nextToConsume.remove(partition);
    }
}
