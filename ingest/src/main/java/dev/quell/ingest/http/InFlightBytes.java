package dev.quell.ingest.http;

import dev.quell.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backpressure: the request bytes waiting for Kafka acks together stay under a bound; past it,
 * 429 (503 to Alertmanager).
 */
@Singleton
public class InFlightBytes {

    private final long limit;
    private final AtomicLong inFlight = new AtomicLong();

    public InFlightBytes(IngestConfig config, MeterRegistry meters) {
        this.limit = config.maxInFlightBytes();
        Gauge.builder("quell.ingest.in.flight.bytes", inFlight, AtomicLong::get)
                .description("Request bytes waiting for Kafka acknowledgements")
                .baseUnit("bytes")
                .register(meters);
    }

    /** Bytes waiting for acks now. */
    public long inFlight() {
        return inFlight.get();
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
