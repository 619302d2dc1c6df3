package dev.quell.indexer.indexing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import dev.quell.service.metrics.DeadLetterMetrics;
import java.time.Duration;
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

    public IndexerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bulk = Timer.builder("quell.indexer.bulk").description("Elasticsearch bulk request latency")
                .publishPercentileHistogram().register(registry);
        this.deadLetters = new DeadLetterMetrics(registry);
    }

    void deadLetter(String source) {
        deadLetters.count(source);
    }

    void count(String kind, String outcome) {
        Counter.builder("quell.indexer.documents").description("documents by what became of them")
                .tag("kind", kind).tag("outcome", outcome).register(registry).increment();
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
