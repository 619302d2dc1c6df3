package dev.quell.remediator.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer's poll → handle → commit step, run until stopped. When a step fails — Kafka down or
 * slow, a write not acknowledged in time — nothing after the last commit counts as done: the loop
 * waits a backoff, puts the consumer back at its committed offsets and goes on, instead of ending
 * the thread (the remediator's decisions are idempotent, so what is read again is decided once).
 */
final class ConsumerLoop {

    /** One poll → handle → commit. */
    interface Step {
        void run() throws Exception;
    }

    static final Duration BACKOFF = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);

    private final String name;
    private final Consumer<?, ?> consumer;
    private final Duration backoff;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    ConsumerLoop(String name, Consumer<?, ?> consumer, Duration backoff) {
        this.name = name;
        this.consumer = consumer;
        this.backoff = backoff;
    }

    /** Runs {@code step} until {@link #stop}; closes the consumer at the end. */
    void run(Step step) {
        try {
            while (running) {
                try {
                    step.run();
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    LOG.warn("{}: {}; reading again from the last committed offsets in {}", name, e.toString(), backoff);
                    recover();
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    /** Waits a backoff (cut short by {@link #stop}), then rewinds; again, while rewinding fails. */
    private void recover() {
        while (running) {
            try {
                if (stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
                rewind();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (WakeupException e) {
                return; // stopping
            } catch (RuntimeException e) {
                LOG.warn("{}: cannot read the committed offsets yet ({})", name, e.toString());
            }
        }
    }

    private void rewind() {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned, Duration.ofSeconds(10));
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset.offset());
            } else {
                consumer.seekToBeginning(Set.of(partition));
            }
        }
    }

    void stop() {
        running = false;
        stopped.countDown();
        consumer.wakeup();
    }
}
