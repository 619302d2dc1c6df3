package dev.quell.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.ingest.config.IngestConfig;
import dev.quell.ingest.kafka.RecordPublisher.Lane;
import dev.quell.schemas.topics.Topics;
import dev.quell.service.config.ConfigReader;
import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class PublisherLanesTest {

    private final IngestConfig config = IngestConfig.from(new ConfigReader(new PropertySourcePropertyResolver(
            new MapPropertySource("test", Map.of("quell.topics.prefix", "staging.")))));

    @Test
    void shouldSendAlertsPromptlyAndBatchEverythingElse() {
        Topics topics = config.topics();

        assertThat(Lane.of(topics.alerts(), topics)).isEqualTo(Lane.PROMPT);
        assertThat(Lane.of(topics.logs(), topics)).isEqualTo(Lane.BATCHED);
        assertThat(Lane.of(topics.deadLetters(), topics)).isEqualTo(Lane.BATCHED);
    }

    @Test
    void shouldLingerOnlyInTheBatchedLane() {
        assertThat(ProducerFactory.properties(config, Lane.PROMPT)).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "quell-ingest-alerts");
        assertThat(ProducerFactory.properties(config, Lane.BATCHED)).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "quell-ingest-logs");
    }

    @Test
    void shouldKeepTheSameDurabilityInEveryLane() {
        for (Lane lane : Lane.values()) {
            assertThat(ProducerFactory.properties(config, lane))
                    .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                    .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                    .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        }
    }
}
