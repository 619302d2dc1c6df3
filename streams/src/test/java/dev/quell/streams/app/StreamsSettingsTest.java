package dev.quell.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.service.config.ConfigReader;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    @Test
    void shouldCommitEvery50MillisecondsUnderExactlyOnceByDefault() {
        StreamsSettings settings = read(Map.of());

        assertThat(settings.commitInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.engine().emitEvery()).isEqualTo(Duration.ofMillis(25));
        assertThat(StreamsRunner.properties(settings)).containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50L)
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void shouldPutTheTopicPrefixBeforeTheDefaultApplicationIdOnlySoQuellsOnOneClusterKeepApart() {
        assertThat(read(Map.of()).applicationId()).isEqualTo("quell-streams");
        assertThat(read(Map.of("quell.topics.prefix", "staging.")).applicationId()).isEqualTo("staging.quell-streams");
        assertThat(StreamsRunner.properties(read(Map.of("quell.topics.prefix", "staging."))))
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "staging.quell-streams");
        assertThat(read(Map.of("quell.topics.prefix", "staging.", "quell.streams.application-id", "incidents-a"))
                .applicationId()).isEqualTo("incidents-a");
    }

    @Test
    void shouldHandTheConfiguredCommitIntervalToKafkaStreams() {
        StreamsSettings settings = read(Map.of("quell.streams.commit-interval", "30ms"));

        assertThat(StreamsRunner.properties(settings)).containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 30L);
    }

    @Test
    void shouldWaitForAPartitionKnownToLagSoStreamTimeCannotRunAheadOfItsLogs() {
        assertThat(StreamsRunner.properties(read(Map.of()))).containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
    }

    private static StreamsSettings read(Map<String, Object> values) {
        return StreamsSettings.from(new ConfigReader(new PropertySourcePropertyResolver(PropertySource.of("test", values))));
    }
}
