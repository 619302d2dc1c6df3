package dev.quell.remediator.kafka;

import dev.quell.remediator.engine.PublishedEvents;
import dev.quell.remediator.engine.RemediationEngine;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads {@code quell.remediations.v1} from a point in time to its end, keeping the events of the
 * decisions asked about. Used rarely (when a replica takes over targets with unfinished actions),
 * so each call has its own consumer.
 */
public final class KafkaPublishedEvents implements PublishedEvents {

    private static final Duration READ_LIMIT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Topic<String, RemediationEvent> topic;

    public KafkaPublishedEvents(String bootstrapServers, Topic<String, RemediationEvent> topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    @Override
    public Map<String, List<RemediationEvent>> since(Instant since, Collection<String> decisions) {
        Set<String> wanted = new HashSet<>(decisions);
        Map<String, List<RemediationEvent>> found = new HashMap<>();
        WholeTopic<String, RemediationEvent> whole = WholeTopic.assign(bootstrapServers, topic, READ_LIMIT);
        try (KafkaConsumer<String, RemediationEvent> consumer = whole.consumer()) {
            List<TopicPartition> partitions = whole.partitions();
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(query, READ_LIMIT);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_LIMIT);
            partitions.forEach(tp -> consumer.seek(tp, from.get(tp) == null ? end.get(tp) : from.get(tp).offset()));
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (whole.behind(end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic.name() + " from " + since + " within "
                            + READ_LIMIT.toSeconds() + " s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    RemediationEvent event = record.value();
                    if (event != null && event.data() != null) {
                        String decision = RemediationEngine.decisionKey(event.data().incidentId(), event.data().playbook(),
                                event.data().incidentVersion());
                        if (wanted.contains(decision)) {
                            found.computeIfAbsent(decision, d -> new ArrayList<>()).add(event);
                        }
                    }
                });
            }
        }
        return found;
    }
}
