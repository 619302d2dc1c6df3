package dev.quell.schemas.topics;

import java.time.Duration;
import java.util.Map;

/**
 * How a topic is created: its partition count and its topic-level configs
 * ({@code cleanup.policy}, {@code retention.ms}, …).
 */
public record TopicSettings(int partitions, Map<String, String> configs) {

    public TopicSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic needs at least one partition, got " + partitions);
        }
        configs = Map.copyOf(configs);
    }

    static TopicSettings delete(int partitions, Duration retention) {
        return new TopicSettings(partitions, Map.of(
                "cleanup.policy", "delete",
                "retention.ms", Long.toString(retention.toMillis())));
    }

    static TopicSettings compact(int partitions) {
        return new TopicSettings(partitions, Map.of("cleanup.policy", "compact"));
    }
}
