package dev.quell.ingest.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Kafka's answers for the records of one request, counted. The verdict completes once every
 * record sent has its answer and the request was {@linkplain #sealed() sealed}: normally if all
 * were acknowledged, otherwise with the first failure — what {@code CompletableFuture.allOf}
 * over one future per record answers, without a future per record: completing those and the
 * tree joining them took more than half of the producer network thread's time on webhooks
 * (docs/benchmarks.md, 2026-12-05).
 */
final class Acknowledgements {

    /** The records still without an answer, plus one for the request itself until it is sealed. */
    private final AtomicInteger unanswered = new AtomicInteger(1);
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final CompletableFuture<Void> verdict = new CompletableFuture<>();
    /** Counted and sealed by the thread sending the request's records, so neither needs to be atomic. */
    private int expected;
    private boolean sealed;

    /**
     * One more record is being sent; its answer goes to the callback returned, to Kafka's
     * {@code send} or, when {@code send} itself throws, to {@link Callback#onCompletion} directly.
     * A record's first answer counts, a second one is ignored. Not after {@link #sealed()}.
     */
    Callback expectOne() {
        if (sealed) {
            throw new IllegalStateException("the request's records are all counted already");
        }
        unanswered.incrementAndGet();
        expected++;
        return new Answer();
    }

    /** How many records were expected so far. */
    int expected() {
        return expected;
    }

    /** No more records come: the verdict, complete once every record expected has its answer. */
    CompletableFuture<Void> sealed() {
        if (!sealed) {
            sealed = true;
            answered(null);
        }
        return verdict;
    }

    private void answered(Throwable failure) {
        if (failure != null) {
            firstFailure.compareAndSet(null, failure);
        }
        if (unanswered.decrementAndGet() == 0) {
            Throwable first = firstFailure.get();
            if (first == null) {
                verdict.complete(null);
            } else {
                verdict.completeExceptionally(first);
            }
        }
    }

    /** One record's answer. */
    private final class Answer implements Callback {
        private final AtomicBoolean given = new AtomicBoolean();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception failure) {
            if (given.compareAndSet(false, true)) {
                answered(failure);
            }
        }
    }
}
