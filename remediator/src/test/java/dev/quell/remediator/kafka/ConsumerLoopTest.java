package dev.quell.remediator.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ConsumerLoopTest {

    private static final TopicPartition PARTITION = new TopicPartition("quell.incidents.v1", 0);

    @Test
    void shouldReadAgainFromTheLastCommitAfterAFailedStepInsteadOfEndingTheThread() throws Exception {
        MockConsumer<String, String> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        for (int offset = 0; offset < 4; offset++) {
            consumer.addRecord(new ConsumerRecord<>(PARTITION.topic(), 0, offset, "key", "v" + offset));
        }
        consumer.commitSync(Map.of(PARTITION, new OffsetAndMetadata(2)));
        ConsumerLoop loop = new ConsumerLoop("test", consumer, Duration.ofMillis(10));
        List<String> seen = new ArrayList<>();
        AtomicInteger steps = new AtomicInteger();

        Thread thread = new Thread(() -> loop.run(() -> {
            if (steps.incrementAndGet() == 1) {
                consumer.seek(PARTITION, 4); // as if 2 and 3 were read, then routing them timed out
                throw new TimeoutException("Kafka did not acknowledge the plans in time");
            }
            consumer.poll(Duration.ofMillis(10)).forEach(record -> seen.add(record.value()));
            consumer.commitSync();
        }));
        thread.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
        loop.stop();
        thread.join(10_000);
        assertThat(seen).startsWith("v2", "v3");
        assertThat(thread.isAlive()).isFalse();
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void shouldStopDuringTheBackoffWithoutWaitingItOut() throws Exception {
        MockConsumer<String, String> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        consumer.assign(Set.of(PARTITION));
        ConsumerLoop loop = new ConsumerLoop("test", consumer, Duration.ofHours(1));
        AtomicInteger steps = new AtomicInteger();
        Thread thread = new Thread(() -> loop.run(() -> {
            steps.incrementAndGet();
            throw new IllegalStateException("broker gone");
        }));
        thread.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> steps.get() == 1);

        loop.stop();
        thread.join(10_000);

        assertThat(thread.isAlive()).isFalse();
        assertThat(steps).hasValue(1);
    }
}
