package dev.quell.ingest.http;

import dev.quell.ingest.config.IngestConfig;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;

/** Backpressure: the request bytes waiting for Kafka acks together stay under a bound; past it, 429. */
@Singleton
public class InFlightBytes {

    private final long limit;
    private final AtomicLong inFlight = new AtomicLong();

    public InFlightBytes(IngestConfig config) {
        this.limit = config.maxInFlightBytes();
    }

    /** Takes {@code bytes} of the budget, or returns false (and takes nothing) when that would pass the bound. */
    public boolean tryAcquire(long bytes) {
        while (true) {
            long current = inFlight.get();
            if (current + bytes > limit && current > 0) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    public void release(long bytes) {
        inFlight.addAndGet(-bytes);
    }
}
