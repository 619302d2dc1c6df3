package dev.quell.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code quell_dead_letters_total{source}}: records any service sent to {@code quell.deadletter.v1},
 * by the source written on the dead letter ({@code ingest.webhook}, {@code streams.alerts},
 * {@code remediator.incidents}, {@code indexer.logs}, …) — one name for every service, so one alert
 * rule watches them all.
 */
public final class DeadLetterMetrics {

    public static final String NAME = "quell.dead.letters";

    private final MeterRegistry registry;

    public DeadLetterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String source) {
        Counter.builder(NAME).description("Records sent to the dead-letter topic, by source")
                .tag("source", source).register(registry).increment();
    }
}
