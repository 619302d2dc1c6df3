package dev.quell.service.time;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Waiting for a condition the way the services do it: a scheduler asks the condition again every
 * interval, and the caller waits for the answer — no sleeping loops.
 */
public final class Poll {

    /** A condition that may fail; its exception ends the wait and reaches the caller. */
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Poll() {
    }

    /** True once the condition holds, false when it has not within {@code timeout}. */
    public static boolean until(Condition condition, Duration interval, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "quell-poll");
            thread.setDaemon(true);
            return thread;
        });
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        try {
            scheduler.scheduleWithFixedDelay(() -> {
                if (answer.isDone()) {
                    return; // answered; the caller is on its way to stopping the scheduler — never ask again
                }
                try {
                    if (condition.holds()) {
                        answer.complete(true);
                    } else if (System.nanoTime() - deadline > 0) {
                        answer.complete(false);
                    }
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            }, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
            return answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
