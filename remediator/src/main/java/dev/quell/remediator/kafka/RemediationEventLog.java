package dev.quell.remediator.kafka;

import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.topics.Topic;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest remediation events, for {@code GET /api/v1/remediations}: read from the end of
 * {@code quell.remediations.v1} at start-up, then followed, so that every replica answers with the
 * events of every replica (an approval answered on one replica runs on another); what this
 * remediator publishes is added at once as well, and an event read back is not kept twice.
 */
public final class RemediationEventLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemediationEventLog.class);
    private static final Duration BACKOFF = Duration.ofSeconds(2);

    private final int capacity;
    /** By event id, oldest first. */
    private final Map<String, RemediationEvent> events = new LinkedHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private KafkaConsumer<String, RemediationEvent> consumer;
    private Thread follower;

    public RemediationEventLog(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(RemediationEvent event) {
        events.putIfAbsent(event.id(), event);
        while (events.size() > capacity) {
            events.remove(events.keySet().iterator().next());
        }
    }

    /** The events of one incident (or all, for {@code null}), newest first. */
    public synchronized List<RemediationEvent> find(String incidentId) {
        return events.values().stream()
                .filter(event -> incidentId == null || (event.data() != null && incidentId.equals(event.data().incidentId())))
                .sorted(Comparator.comparing(RemediationEvent::time).reversed())
                .toList();
    }

    /**
     * Reads at most {@code capacity} of the newest events per partition of the topic, returning once
     * they are read; then keeps reading the topic in the background until {@link #close}.
     */
    public synchronized void follow(String bootstrapServers, Topic<String, RemediationEvent> topic) {
        if (consumer != null) {
            throw new IllegalStateException("already following " + topic.name());
        }
        WholeTopic<String, RemediationEvent> whole = WholeTopic.assign(bootstrapServers, topic, Duration.ofSeconds(30));
        consumer = whole.consumer();
        List<TopicPartition> partitions = whole.partitions();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        partitions.forEach(tp -> consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - capacity)));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (whole.behind(end) && System.nanoTime() < deadline) {
            readOnce();
        }
        follower = new Thread(() -> followUntilClosed(topic.name()), "quell-remediator-event-log");
        follower.setDaemon(true);
        follower.start();
    }

    private void readOnce() {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
            if (record.value() != null) {
                add(record.value());
            }
        });
    }

    private void followUntilClosed(String topic) {
        try {
            while (closed.getCount() > 0) {
                try {
                    readOnce();
                } catch (WakeupException closing) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("following {}: {}; reading on in {}", topic, e.toString(), BACKOFF);
                    if (closed.await(BACKOFF.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    /** Stops following the topic. */
    @Override
    public void close() throws InterruptedException {
        Thread following;
        synchronized (this) {
            following = follower;
        }
        closed.countDown();
        if (following != null) {
            consumer.wakeup();
            following.join(Duration.ofSeconds(15).toMillis());
        }
    }
}
