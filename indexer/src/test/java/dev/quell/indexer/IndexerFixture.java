package dev.quell.indexer;

import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.kafka.SharedTestBroker;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.http.HttpHost;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.elasticsearch.client.RestClient;

/**
 * One test's world: its own topics (a unique prefix) and log indices on the shared broker and the
 * shared Elasticsearch node, the indexer as a service over them, a producer and a search client.
 */
final class IndexerFixture implements AutoCloseable {

    final ElasticsearchNode node = ElasticsearchNode.shared();
    final String run = "it" + System.nanoTime();
    final Topics topics = new Topics(run + ".", 3);
    final String logsPrefix = "quell-logs-" + run + "-";
    final ElasticsearchClient elasticsearch;
    private final RestClientTransport transport;
    private final KafkaProducer<String, String> producer;

    IndexerFixture() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).ensure(topics, 30_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        transport = new RestClientTransport(RestClient.builder(HttpHost.create(node.url())).build(), new JacksonJsonpMapper());
        elasticsearch = new ElasticsearchClient(transport);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** The indexer as a service; {@code groupId} apart, every instance of one fixture reads the same topics. */
    EmbeddedServer indexer(String groupId) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("kafka.bootstrap.servers", SharedTestBroker.bootstrapServers());
        properties.put("quell.topics.prefix", run + ".");
        properties.put("quell.indexer.elasticsearch.url", node.url());
        properties.put("quell.indexer.group-id", groupId);
        properties.put("quell.indexer.logs-index-prefix", logsPrefix);
        properties.put("quell.indexer.number-of-replicas", 0);
        properties.put("quell.indexer.bulk.flush-interval", "200ms");
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    void send(String topic, String key, String json) {
        try {
            producer.send(new ProducerRecord<>(topic, key, json)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends one record in a transaction of its own, as streams and the remediator write: a commit marker follows it. */
    void sendInTransaction(String topic, String key, String json) {
        try (KafkaProducer<String, String> transactional = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, run + "-" + key), new StringSerializer(), new StringSerializer())) {
            transactional.initTransactions();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(topic, key, json));
            transactional.commitTransaction();
        }
    }

    /** The documents of {@code index} that a {@code query_string} query finds, as Kibana would ask. */
    List<ObjectNode> search(String index, String query) {
        try {
            elasticsearch.indices().refresh(refresh -> refresh.index(index).allowNoIndices(true).ignoreUnavailable(true));
            SearchResponse<ObjectNode> response = elasticsearch.search(search -> search.index(index).size(1_000)
                    .allowNoIndices(true).ignoreUnavailable(true)
                    .query(q -> q.queryString(qs -> qs.query(query))), ObjectNode.class);
            return response.hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Until the query finds {@code count} documents; an index just created answers 503 until its shard is allocated. */
    void awaitCount(String index, String query, int count) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> search(index, query).size() == count);
    }

    @Override
    public void close() throws Exception {
        producer.close();
        transport.close();
    }
}
