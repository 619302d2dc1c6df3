package dev.quell.indexer.indexing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import dev.quell.service.metrics.DeadLetterMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The indexer on {@code /prometheus}: {@code quell_indexer_documents_total{kind,outcome}} (indexed,
 * duplicate, retried, dead_lettered, dropped), {@code quell_indexer_bulk_seconds} (bulk request
 * latency, failures included), {@code quell_indexer_pending_documents}, {@code quell_dead_letters_total{source}}, and the consumer's
 * {@code kafka_consumer_*} metrics (records lag among them).
 */
public final class IndexerMetrics {

    private final MeterRegistry registry;
    private final Timer bulk;
    private final DeadLetterMetrics deadLetters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public IndexerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bulk = Timer.builder("quell.indexer.bulk").description("Elasticsearch bulk request latency")
                .publishPercentileHistogram().register(registry);
        this.deadLetters = new DeadLetterMetrics(registry);
        // At zero from the start, so a rate over them exists before the first document is indexed.
        Documents.KINDS.forEach(kind -> count(kind, "indexed", 0));
    }

    private void count(String kind, String outcome, double amount) {
        counters.computeIfAbsent(kind + "/" + outcome, key -> Counter.builder("quell.indexer.documents")
                .description("documents by what became of them")
                .tag("kind", kind).tag("outcome", outcome).register(registry)).increment(amount);
    }

    void deadLetter(String source) {
        deadLetters.count(source);
    }

    void count(String kind, String outcome) {
        count(kind, outcome, 1);
    }

    void bulkTook(Duration duration) {
        bulk.record(duration);
    }

    /** The consumer's own metrics (lag, fetch rates) as {@code kafka_consumer_*}. */
    public void bind(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer) {
        new KafkaClientMetrics(consumer).bindTo(registry);
    }

    void pending(Supplier<Number> size) {
        Gauge.builder("quell.indexer.pending.documents", size).description("documents consumed, not yet in Elasticsearch")
                .register(registry);
    }
}
