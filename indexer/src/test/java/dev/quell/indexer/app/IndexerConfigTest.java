package dev.quell.indexer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quell.service.config.ConfigException;
import dev.quell.service.config.ConfigReader;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexerConfigTest {

    @Test
    void shouldDefaultToALocalNodeAndDailyLogIndices() {
        IndexerConfig config = read(Map.of());

        assertThat(config.elasticsearchUrls()).containsExactly(URI.create("http://127.0.0.1:9200"));
        assertThat(config.logsIndexPrefix()).isEqualTo("quell-logs-");
        assertThat(config.logsDataStream()).isFalse();
        assertThat(config.replicas()).isEqualTo(1);
        assertThat(config.bulkFlushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.groupId()).isEqualTo("quell-indexer");
    }

    @Test
    void shouldPutTheTopicPrefixBeforeTheDefaultGroupOnlySoQuellsOnOneClusterKeepApart() {
        assertThat(read(Map.of("quell.topics.prefix", "staging.")).groupId()).isEqualTo("staging.quell-indexer");
        assertThat(read(Map.of("quell.topics.prefix", "staging.", "quell.indexer.group-id", "indexer-a")).groupId())
                .isEqualTo("indexer-a");
    }

    @Test
    void shouldReadEveryKeyAndNeverShowTheSecrets() {
        IndexerConfig config = read(Map.of(
                "quell.indexer.elasticsearch.url", "https://es-1.internal:9200, https://es-2.internal:9200",
                "quell.indexer.elasticsearch.username", "quell_writer",
                "quell.indexer.elasticsearch.password", "s3cret-password",
                "quell.indexer.logs-index-prefix", "logs-shop-",
                "quell.indexer.logs-data-stream", "true",
                "quell.indexer.number-of-replicas", "0",
                "quell.indexer.bulk.max-operations", "500",
                "quell.indexer.bulk.max-bytes", "2MB",
                "quell.indexer.bulk.flush-interval", "250ms",
                "quell.indexer.max-pending", "5000"));

        assertThat(config.elasticsearchUrls()).hasSize(2);
        assertThat(config.logsDataStream()).isTrue();
        assertThat(config.bulkMaxBytes()).isEqualTo(2L << 20);
        assertThat(config.toString()).doesNotContain("s3cret-password");
    }

    @Test
    void shouldNameTheBadKey() {
        assertProblem(Map.of("quell.indexer.elasticsearch.url", "es.internal:9200"), "quell.indexer.elasticsearch.url");
        assertProblem(Map.of("quell.indexer.elasticsearch.url", "https://user:pw@es.internal"),
                "quell.indexer.elasticsearch.url");
        assertProblem(Map.of("quell.indexer.elasticsearch.username", "quell"), "quell.indexer.elasticsearch.password");
        assertProblem(Map.of("quell.indexer.logs-index-prefix", "Logs/"), "quell.indexer.logs-index-prefix");
        assertProblem(Map.of("quell.indexer.logs-data-stream", "yes"), "quell.indexer.logs-data-stream");
        assertProblem(Map.of("quell.indexer.elasticsearch.api-key", "k", "quell.indexer.elasticsearch.username", "u",
                "quell.indexer.elasticsearch.password", "p"), "quell.indexer.elasticsearch.api-key");
    }

    @Test
    void shouldNotEchoCredentialsInAUrlError() {
        assertThatThrownBy(() -> read(Map.of("quell.indexer.elasticsearch.url", "https://user:pw@es.internal")))
                .hasMessageNotContaining("pw");
    }

    private static void assertProblem(Map<String, Object> properties, String key) {
        assertThatThrownBy(() -> read(properties)).isInstanceOf(ConfigException.class).hasMessageContaining(key);
    }

    private static IndexerConfig read(Map<String, Object> properties) {
        return IndexerConfig.from(new ConfigReader(new PropertySourcePropertyResolver(
                PropertySource.of("test", new HashMap<>(properties)))));
    }

}
