package dev.quell.indexer.app;

import dev.quell.schemas.topics.Topics;
import dev.quell.service.config.ConfigException;
import dev.quell.service.config.ConfigReader;
import dev.quell.service.config.Credential;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the indexer is configured with, read and checked once at start-up.
 *
 * @param elasticsearchUrls  {@code quell.indexer.elasticsearch.url}: one or more {@code http(s)://host:port}
 * @param username           {@code quell.indexer.elasticsearch.username} (basic auth, with {@code .password})
 * @param password           {@code quell.indexer.elasticsearch.password}
 * @param apiKey             {@code quell.indexer.elasticsearch.api-key}: an encoded API key, instead of basic auth
 * @param groupId            {@code quell.indexer.group-id}: the consumer group
 * @param logsIndexPrefix    {@code quell.indexer.logs-index-prefix}: daily log indices are {@code <prefix>YYYY.MM.DD}
 * @param logsDataStream     {@code quell.indexer.logs-data-stream}: write logs to the data stream {@code logs-quell-default} instead
 * @param replicas           {@code quell.indexer.number-of-replicas}: of every Quell index
 * @param bulkMaxOperations  {@code quell.indexer.bulk.max-operations}: a bulk request is sent at this many documents…
 * @param bulkMaxBytes       {@code quell.indexer.bulk.max-bytes}: …or this many bytes…
 * @param bulkFlushInterval  {@code quell.indexer.bulk.flush-interval}: …or this long after its first document
 * @param maxPending         {@code quell.indexer.max-pending}: documents in flight before consuming pauses
 */
public record IndexerConfig(
        String bootstrapServers,
        String topicPrefix,
        List<URI> elasticsearchUrls,
        Optional<String> username,
        Optional<Credential> password,
        Optional<Credential> apiKey,
        String groupId,
        String logsIndexPrefix,
        boolean logsDataStream,
        int replicas,
        int bulkMaxOperations,
        long bulkMaxBytes,
        Duration bulkFlushInterval,
        int maxPending) {

    public Topics topics() {
        return new Topics(topicPrefix, Topics.DEFAULT_PARTITIONS);
    }

    public static IndexerConfig from(ConfigReader config) {
        List<URI> urls = config.list("quell.indexer.elasticsearch.url", List.of("http://127.0.0.1:9200")).stream()
                .map(IndexerConfig::url).toList();
        Optional<String> username = config.optional("quell.indexer.elasticsearch.username");
        Optional<Credential> password = config.optional("quell.indexer.elasticsearch.password").map(Credential::of);
        Optional<Credential> apiKey = config.optional("quell.indexer.elasticsearch.api-key").map(Credential::of);
        if (username.isPresent() != password.isPresent()) {
            throw new ConfigException("quell.indexer.elasticsearch.password", "username and password go together");
        }
        if (username.isPresent() && apiKey.isPresent()) {
            throw new ConfigException("quell.indexer.elasticsearch.api-key", "use an API key or a username, not both");
        }
        String prefix = config.string("quell.indexer.logs-index-prefix", "quell-logs-");
        if (!prefix.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new ConfigException("quell.indexer.logs-index-prefix",
                    "an index name holds only lowercase letters, digits, '.', '_' and '-', got '" + prefix + "'");
        }
        String topicPrefix = config.string("quell.topics.prefix", "");
        return new IndexerConfig(
                config.string("kafka.bootstrap.servers", "127.0.0.1:9092"),
                topicPrefix,
                urls, username, password, apiKey,
                config.string("quell.indexer.group-id", topicPrefix + "quell-indexer"), // a prefix sets Quells on one cluster apart
                prefix,
                config.bool("quell.indexer.logs-data-stream", false),
                config.integer("quell.indexer.number-of-replicas", 1, 0, 10),
                config.integer("quell.indexer.bulk.max-operations", 1_000, 1, 100_000),
                config.bytes("quell.indexer.bulk.max-bytes", 5L << 20),
                config.duration("quell.indexer.bulk.flush-interval", Duration.ofSeconds(1)),
                config.integer("quell.indexer.max-pending", 20_000, 100, 10_000_000));
    }

    private static URI url(String text) {
        try {
            URI uri = URI.create(text.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getUserInfo() != null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            String shown = text.contains("@") ? "the URL" : "'" + text + "'"; // never echo credentials
            throw new ConfigException("quell.indexer.elasticsearch.url",
                    shown + " is not http(s)://host:port (credentials go in .username/.password or .api-key)");
        }
    }
}
