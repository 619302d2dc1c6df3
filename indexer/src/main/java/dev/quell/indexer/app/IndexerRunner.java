package dev.quell.indexer.app;

import dev.quell.indexer.elasticsearch.ElasticsearchClients;
import dev.quell.indexer.elasticsearch.IndexTemplates;
import dev.quell.indexer.indexing.Documents;
import dev.quell.indexer.indexing.IndexerMetrics;
import dev.quell.indexer.indexing.IndexingLoop;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.topics.Topics;
import dev.quell.service.time.Poll;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up in order, on its own thread so an absent Elasticsearch never blocks the service: install
 * the index templates (trying again until the cluster answers), then consume. On shutdown, let the
 * last bulk requests finish and commit what they indexed.
 */
@Requires(condition = IndexerEnabled.class)
@Context
public class IndexerRunner {

    private static final Logger LOG = LoggerFactory.getLogger(IndexerRunner.class);
    private static final Duration RETRY_TEMPLATES = Duration.ofSeconds(5);

    private final Producer<String, DeadLetter> deadLetters;
    private final IndexingLoop loop;
    private final Thread thread;
    private volatile boolean templatesInstalled;
    private volatile boolean stopping;

    public IndexerRunner(IndexerConfig config, ElasticsearchClients elasticsearch, IndexTemplates templates,
                         IndexerMetrics metrics) {
        Topics topics = config.topics();
        deadLetters = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, "quell-indexer-dead-letters",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                topics.deadLetters().keySerde().serializer(), topics.deadLetters().valueSerde().serializer());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG, "quell-indexer",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(10).toMillis()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        metrics.bind(consumer);
        loop = new IndexingLoop(consumer, List.of(topics.logs().name(), topics.incidents().name(),
                topics.remediations().name(), topics.deadLetters().name()),
                new Documents(topics, config.logsIndexPrefix(), config.logsDataStream()), elasticsearch.client(),
                new IndexingLoop.BulkSettings(config.bulkMaxOperations(), config.bulkMaxBytes(), config.bulkFlushInterval(),
                        config.maxPending()), deadLetters, topics.deadLetters(), metrics);
        thread = new Thread(() -> {
            installTemplates(templates, elasticsearch);
            if (!stopping) {
                LOG.info("indexing {} into {}", List.of(topics.logs().name(), topics.incidents().name(),
                        topics.remediations().name(), topics.deadLetters().name()), config.elasticsearchUrls());
                loop.run();
            }
        }, "quell-indexer");
        thread.setUncaughtExceptionHandler((t, error) -> LOG.error("the indexer stopped", error));
        thread.start();
    }

    /** Tries every few seconds until the cluster takes the templates, or the service stops. */
    private void installTemplates(IndexTemplates templates, ElasticsearchClients elasticsearch) {
        try {
            Poll.until(() -> stopping || install(templates, elasticsearch), RETRY_TEMPLATES, Duration.ofDays(3650));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean install(IndexTemplates templates, ElasticsearchClients elasticsearch) {
        try {
            LOG.info("index templates installed: {}", templates.install(elasticsearch.client()));
            templatesInstalled = true;
            return true;
        } catch (Exception e) {
            LOG.warn("cannot install the index templates yet ({}); trying again in {}", e.toString(), RETRY_TEMPLATES);
            return false;
        }
    }

    public boolean running() {
        return thread.isAlive() && templatesInstalled;
    }

    public int pending() {
        return loop.pending();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        loop.stop();
        thread.interrupt();
        thread.join(Duration.ofSeconds(60).toMillis());
        deadLetters.close(Duration.ofSeconds(10));
    }
}
