package dev.quell.ingest.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** {@code quell_ingest_accepted_total{route}} and {@code quell_ingest_refused_total{route,reason}}. */
@Singleton
public class IngestMetrics {

    private final MeterRegistry meters;

    public IngestMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void accepted(String route, int records) {
        Counter.builder("quell.ingest.accepted")
                .description("Records acknowledged by Kafka, by route")
                .tag("route", route)
                .register(meters)
                .increment(records);
    }

    public void refused(String route, String reason, int items) {
        Counter.builder("quell.ingest.refused")
                .description("Refused requests or batch items, by route and reason")
                .tag("route", route)
                .tag("reason", reason)
                .register(meters)
                .increment(items);
    }
}
