package dev.quell.indexer.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingOffsetsTest {

    private final PendingOffsets pending = new PendingOffsets();
    private final TopicPartition logs0 = new TopicPartition("quell.logs.v1", 0);
    private final TopicPartition logs1 = new TopicPartition("quell.logs.v1", 1);

    @Test
    void shouldNeverCommitPastARecordStillInFlight() {
        for (long offset = 10; offset < 15; offset++) {
            pending.consumed(logs0, offset);
        }
        pending.done(logs0, 10);
        pending.done(logs0, 11);
        pending.done(logs0, 13); // out of order: 12 is still on its way

        assertThat(pending.committable()).isEqualTo(Map.of(logs0, new OffsetAndMetadata(12)));
        assertThat(pending.size()).isEqualTo(2);

        pending.done(logs0, 12);
        pending.done(logs0, 14);
        assertThat(pending.committable()).isEqualTo(Map.of(logs0, new OffsetAndMetadata(15)));
        assertThat(pending.size()).isZero();
    }

    @Test
    void shouldForgetARevokedPartitionAndIgnoreItsLateCompletions() {
        pending.consumed(logs0, 1);
        pending.consumed(logs1, 7);

        pending.forget(logs1);
        pending.done(logs1, 7);

        assertThat(pending.committable()).containsOnlyKeys(logs0);
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void shouldCommitTheConsumersPositionPastACommitMarkerOnceNothingIsPending() {
        TopicPartition incidents0 = new TopicPartition("quell.incidents.v1", 0);
        pending.consumed(incidents0, 4); // the last record of a transaction; its commit marker is offset 5
        pending.passed(incidents0, 6);

        assertThat(pending.committable()).as("a record still in flight holds the commit back")
                .isEqualTo(Map.of(incidents0, new OffsetAndMetadata(4)));

        pending.done(incidents0, 4);
        assertThat(pending.committable()).isEqualTo(Map.of(incidents0, new OffsetAndMetadata(6)));
    }

    @Test
    void shouldTakeNoPositionForAPartitionItNeverConsumedFromOrForgot() {
        pending.passed(logs0, 3);
        pending.consumed(logs1, 7);
        pending.forget(logs1);
        pending.passed(logs1, 9);

        assertThat(pending.committable()).isEmpty();
        assertThat(pending.consumedFrom()).isEmpty();
    }
}
