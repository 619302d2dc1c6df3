package dev.quell.streams.topology;

/**
 * Whether a stream thread's new version should be committed at once. Readers
 * ({@code read_committed}) see a version only when its transaction commits; after a quiet spell —
 * no version from any task of the thread for two commit intervals, as with sparse alerts —
 * waiting for the next interval only adds latency, so the version is committed right away. Under
 * a steady flow of versions the commit interval paces the commits (a commit after every
 * publication measured slower there). Under exactly-once v2 a thread commits all its tasks in one
 * transaction, so the quiet spell is the thread's, shared by the processors of all its tasks.
 */
final class QuietCommits {

    private final ThreadLocal<long[]> lastPublishedMs = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE / 2});

    /** Notes a publication on this thread at {@code nowMs}; {@code true} when none came for two commit intervals before it. */
    boolean publishedAfterQuiet(long nowMs, long commitIntervalMs) {
        long[] last = lastPublishedMs.get();
        boolean quiet = nowMs - last[0] >= 2 * commitIntervalMs;
        last[0] = nowMs;
        return quiet;
    }
}
