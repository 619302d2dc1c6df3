package dev.quell.ingest.config;

import dev.quell.service.config.ConfigException;
import dev.quell.service.config.ConfigReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    private static IngestConfig read(Map<String, Object> properties) {
        return IngestConfig.from(new ConfigReader(new PropertySourcePropertyResolver(
                new MapPropertySource("test", properties))));
    }

    @Test
    void shouldDefaultEverything() {
        IngestConfig config = read(Map.of());

        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.maxBodyBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(config.ackTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.topics().alerts().name()).isEqualTo("quell.alerts.v1");
    }

    @Test
    void shouldReadSizesDurationsAndLists() {
        IngestConfig config = read(Map.of(
                "quell.ingest.max-body-size", "512KB",
                "quell.ingest.max-in-flight-size", "1GB",
                "quell.ingest.ack-timeout", "1500ms",
                "quell.ingest.retry-after", "PT1M",
                "quell.correlation.service-labels", "component, app",
                "quell.topics.prefix", "staging."));

        assertThat(config.maxBodyBytes()).isEqualTo(512 * 1024);
        assertThat(config.maxInFlightBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(config.ackTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.correlationKeys().forAlertLabels(Map.of("app", "x", "service", "ignored")))
                .isEqualTo("-/x");
        assertThat(config.topics().logs().name()).isEqualTo("staging.quell.logs.v1");
    }

    @Test
    void shouldNameTheKeyOfEveryBadValue() {
        assertThatThrownBy(() -> read(Map.of("quell.ingest.ack-timeout", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("quell.ingest.ack-timeout: 'soon' is not a duration");
        assertThatThrownBy(() -> read(Map.of("quell.ingest.max-body-size", "5 elephants")))
                .hasMessageStartingWith("quell.ingest.max-body-size: '5 elephants' is not a size");
        assertThatThrownBy(() -> read(Map.of("quell.ingest.retry-after", "0s")))
                .hasMessageStartingWith("quell.ingest.retry-after: must be positive");
        assertThatThrownBy(() -> read(Map.of("kafka.bootstrap.servers", "kafka")))
                .hasMessageStartingWith("kafka.bootstrap.servers: must be HOST:PORT");
        assertThatThrownBy(() -> read(Map.of("quell.topics.prefix", "a b")))
                .hasMessageStartingWith("quell.topics.prefix:");
        assertThatThrownBy(() -> read(Map.of("quell.ingest.max-body-size", "10MB", "quell.ingest.max-in-flight-size", "1MB")))
                .hasMessageStartingWith("quell.ingest.max-in-flight-size: must be at least");
        assertThatThrownBy(() -> read(Map.of("quell.correlation.namespace-labels", " , ")))
                .hasMessageStartingWith("quell.correlation.namespace-labels: must name at least one item");
    }
}
