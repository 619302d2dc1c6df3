package dev.quell.streams.topology;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Spaces the versions of a large incident by their size. Each version is written whole, twice (the
 * topic and the {@code incidents-by-id} changelog): an incident of thousands of alerts, gaining
 * one at a time, was a ~1 MB version per alert — 10,000 alerts in one webhook took 3 min 45 s and
 * ~12 GB of writes (docs/benchmarks.md, 2026-12-07). After a version of more than
 * {@link #PACED_ABOVE_BYTES}, the next waits {@code emit-every} for each such share of its size
 * (a 1 MiB version: 16 × 25 ms), so what a busy incident writes stays near 64 KiB per
 * {@code emit-every}; the inputs meanwhile still gather into its state. A small incident is not
 * held at all. One per task: only the stream thread that owns the task touches it.
 */
final class VersionPacing {

    static final int PACED_ABOVE_BYTES = 64 * 1024;

    private final long emitEveryMs;
    /** The keys of large incidents whose next version must wait, and until when (wall-clock ms). */
    private final Map<String, Long> notBefore = new HashMap<>();

    VersionPacing(Duration emitEvery) {
        this.emitEveryMs = emitEvery.toMillis();
    }

    /** Whether the key's next version must wait still at {@code now}. */
    boolean holds(String key, long now) {
        Long until = notBefore.get(key);
        if (until == null) {
            return false;
        }
        if (until <= now) {
            notBefore.remove(key);
            return false;
        }
        return true;
    }

    /** A version of {@code bytes} of the key went out at {@code now}. */
    void published(String key, int bytes, long now) {
        if (bytes > PACED_ABOVE_BYTES) {
            notBefore.put(key, now + emitEveryMs * bytes / PACED_ABOVE_BYTES);
        } else {
            notBefore.remove(key);
        }
    }

    void clear() {
        notBefore.clear();
    }
}
