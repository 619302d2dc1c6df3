package dev.quell.indexer.app;

import dev.quell.indexer.elasticsearch.ElasticsearchClients;
import dev.quell.indexer.elasticsearch.IndexTemplates;
import dev.quell.indexer.indexing.IndexerMetrics;
import dev.quell.service.config.ConfigReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the indexer: configuration (checked at start-up), the Elasticsearch clients, templates, metrics. */
@Requires(condition = IndexerEnabled.class)
@Factory
class IndexerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(IndexerFactory.class);

    @Context
    IndexerConfig indexerConfig(Environment environment) {
        IndexerConfig config = IndexerConfig.from(new ConfigReader(environment));
        LOG.info("indexer configuration: {}", config);
        return config;
    }

    @Singleton
    @Bean(preDestroy = "close")
    ElasticsearchClients elasticsearchClients(IndexerConfig config) {
        return new ElasticsearchClients(config);
    }

    @Singleton
    IndexTemplates indexTemplates(IndexerConfig config) {
        return new IndexTemplates(config.logsIndexPrefix(), config.logsDataStream(), config.replicas());
    }

    @Singleton
    IndexerMetrics indexerMetrics(MeterRegistry registry) {
        return new IndexerMetrics(registry);
    }
}
