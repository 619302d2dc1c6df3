package dev.quell.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class AcknowledgementsTest {

    private static final RecordMetadata METADATA = new RecordMetadata(new TopicPartition("quell.alerts.v1", 0), 0, 0, 0, 0, 0);

    private final Acknowledgements acks = new Acknowledgements();

    @Test
    void shouldBeDoneOnlyOnceSealedAndEveryRecordAcknowledged() {
        Callback first = acks.expectOne();
        Callback second = acks.expectOne();

        first.onCompletion(METADATA, null);
        second.onCompletion(METADATA, null);
        assertThat(acks.expected()).isEqualTo(2);

        CompletableFuture<Void> verdict = acks.sealed();
        assertThat(verdict).isCompletedWithValue(null);
    }

    @Test
    void shouldWaitForTheRecordsStillUnansweredAfterSealing() {
        Callback first = acks.expectOne();
        Callback second = acks.expectOne();
        first.onCompletion(METADATA, null);

        CompletableFuture<Void> verdict = acks.sealed();
        assertThat(verdict).isNotDone();

        second.onCompletion(METADATA, null);
        assertThat(verdict).isCompletedWithValue(null);
    }

    @Test
    void shouldFailWithTheFirstFailureOnceEveryRecordHasItsAnswer() {
        Callback first = acks.expectOne();
        Callback second = acks.expectOne();
        Callback third = acks.expectOne();
        CompletableFuture<Void> verdict = acks.sealed();

        NotEnoughReplicasException firstFailure = new NotEnoughReplicasException("2 in sync, 3 required");
        second.onCompletion(null, firstFailure);
        third.onCompletion(null, new TimeoutException("expired"));
        assertThat(verdict).as("as allOf: the verdict waits for every answer").isNotDone();

        first.onCompletion(METADATA, null);
        assertThat(verdict).isCompletedExceptionally();
        assertThatThrownBy(verdict::join).hasCause(firstFailure);
    }

    @Test
    void shouldBeDoneAtOnceWhenNoRecordWasSent() {
        assertThat(acks.sealed()).isCompletedWithValue(null);
        assertThat(acks.expected()).isZero();
    }

    @Test
    void shouldCountOnlyTheFirstAnswerOfARecord() {
        Callback first = acks.expectOne();
        acks.expectOne();
        CompletableFuture<Void> verdict = acks.sealed();

        first.onCompletion(METADATA, null);
        first.onCompletion(null, new TimeoutException("a second answer"));

        assertThat(verdict).as("the second record has no answer yet").isNotDone();
    }

    @Test
    void shouldRefuseARecordAfterSealing() {
        acks.sealed();

        assertThatThrownBy(acks::expectOne).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldCompleteExactlyWithTheLastOfManyAnswersFromManyThreads() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        List<Callback> answers = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            answers.add(acks.expectOne());
        }
        Callback last = acks.expectOne();
        CompletableFuture<Void> verdict = acks.sealed();

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Callback> mine = answers.subList(t * perThread, (t + 1) * perThread);
                done.add(pool.submit(() -> mine.forEach(answer -> answer.onCompletion(METADATA, null))));
            }
            for (Future<?> each : done) {
                each.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(verdict).as("one record is still unanswered").isNotDone();

        last.onCompletion(METADATA, null);
        assertThat(verdict).isCompletedWithValue(null);
    }

    @Test
    void shouldNameTheFailureOfARecordThatCouldNotBeHandedToKafka() {
        Callback answer = acks.expectOne();
        CompletableFuture<Void> verdict = acks.sealed();

        answer.onCompletion(null, new TimeoutException("Topic quell.alerts.v1 not present in metadata after 60000 ms."));

        assertThatThrownBy(() -> verdict.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("not present in metadata");
    }
}
