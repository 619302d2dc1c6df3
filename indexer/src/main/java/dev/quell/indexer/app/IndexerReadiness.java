package dev.quell.indexer.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/** Ready while the templates are installed, the consumer runs and the cluster takes writes (green or yellow). */
@Requires(condition = IndexerEnabled.class)
@Singleton
@Readiness
public class IndexerReadiness implements HealthIndicator {

    private final IndexerRunner runner;
    private final ElasticsearchHealth elasticsearch;

    public IndexerReadiness(IndexerRunner runner, ElasticsearchHealth elasticsearch) {
        this.runner = runner;
        this.elasticsearch = elasticsearch;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean ready = runner.running() && elasticsearch.writable();
        return Publishers.just(HealthResult.builder("indexer", ready ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("consumer", runner.running() ? "running" : "starting or stopped",
                        "elasticsearch", elasticsearch.status(), "pendingDocuments", runner.pending()))
                .build());
    }
}
