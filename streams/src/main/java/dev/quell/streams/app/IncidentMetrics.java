package dev.quell.streams.app;

import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.Severity;
import dev.quell.service.metrics.DeadLetterMetrics;
import dev.quell.streams.topology.TopologyEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The topology's output on {@code /prometheus}: {@code quell_incident_versions_total{severity,status}}
 * (versions emitted), {@code quell_incident_versions_oversize_total{outcome}} (versions too large
 * for one Kafka record), {@code quell_dead_letters_total{source}}, and
 * {@code quell_incidents_open{severity}} — the open incidents this instance holds, counted from its
 * store at each scrape (sum over instances for the whole).
 */
final class IncidentMetrics implements TopologyEvents {

    private final MeterRegistry registry;
    private final DeadLetterMetrics deadLetters;
    /** By severity and status: one registry look-up per combination, not per version (the topology's hot path). */
    private final Map<String, Counter> versions = new java.util.concurrent.ConcurrentHashMap<>();

    IncidentMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.deadLetters = new DeadLetterMetrics(registry);
    }

    @Override
    public void deadLetter(String source) {
        deadLetters.count(source);
    }

    @Override
    public void incidentVersion(Incident incident) {
        versions.computeIfAbsent(incident.severity().name() + "/" + incident.status(), key -> Counter
                .builder("quell.incident.versions").description("Incident versions emitted, by severity and status")
                .tag("severity", incident.severity().name())
                .tag("status", incident.status().name().toLowerCase(java.util.Locale.ROOT))
                .register(registry)).increment();
    }

    @Override
    public void oversizeVersion(Incident version, boolean published) {
        Counter.builder("quell.incident.versions.oversize")
                .description("Incident versions too large for one Kafka record: published listing fewer alerts, or not published")
                .tag("outcome", published ? "alerts-omitted" : "not-published")
                .register(registry).increment();
    }

    /**
     * Registers the open-incident gauges, reading {@code queries} when scraped: one scan of the store
     * serves the four severities of a scrape (kept a second); NaN while the store is not queryable.
     */
    void openIncidents(Supplier<IncidentQueries> queries) {
        OpenCounts counts = new OpenCounts(queries);
        for (Severity severity : Severity.values()) {
            Gauge.builder("quell.incidents.open", counts, c -> c.of(severity))
                    .description("Open incidents held by this instance, by severity")
                    .tag("severity", severity.name())
                    .strongReference(true) // the gauges are all that hold the counts
                    .register(registry);
        }
    }

    private static final class OpenCounts {

        private final Supplier<IncidentQueries> queries;
        private Map<Severity, Long> counts = Map.of();
        private long countedAt;

        OpenCounts(Supplier<IncidentQueries> queries) {
            this.queries = queries;
        }

        synchronized double of(Severity severity) {
            long now = System.nanoTime();
            if (counts.isEmpty() || now - countedAt > 1_000_000_000L) {
                try {
                    counts = queries.get().openBySeverity();
                    countedAt = now;
                } catch (RuntimeException notQueryableNow) { // rebalancing, restoring, or stopped
                    counts = Map.of();
                    return Double.NaN;
                }
            }
            return counts.getOrDefault(severity, 0L);
        }
    }
}
