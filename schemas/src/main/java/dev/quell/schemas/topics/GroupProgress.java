package dev.quell.schemas.topics;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group has committed on some topics: what "caught up" means for a replay, a
 * benchmark or a test. With exactly-once a committed position may sit past the last record (on
 * the commit marker), so a partition is done when its committed offset reaches its end offset.
 */
public final class GroupProgress {

    private GroupProgress() {
    }

    /** Records of {@code topics} the group has not committed past; a partition it never committed on counts whole. */
    public static long lag(Admin admin, String group, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) -> description.partitions()
                .forEach(info -> latest.put(new TopicPartition(name, info.partition()), OffsetSpec.latest())));
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += Math.max(0, end.getValue().offset() - (done == null ? 0 : done.offset()));
        }
        return lag;
    }

    public static boolean caughtUp(Admin admin, String group, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        return lag(admin, group, topics) == 0;
    }
}
