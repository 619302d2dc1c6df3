package dev.quell.indexer.app;

import dev.quell.indexer.elasticsearch.ElasticsearchClients;
import dev.quell.indexer.elasticsearch.IndexTemplates;
import dev.quell.indexer.indexing.IndexerMetrics;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.topics.Topic;
import dev.quell.service.config.ConfigReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the indexer: configuration (checked at start-up), the Elasticsearch clients, templates, dead letters, metrics. */
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

    @Singleton
    @Bean(preDestroy = "close")
    Producer<String, DeadLetter> indexerDeadLetterProducer(IndexerConfig config) {
        Topic<String, DeadLetter> topic = config.topics().deadLetters();
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, "quell-indexer-dead-letters",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
    }
}
