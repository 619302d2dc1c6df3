package dev.quell.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.service.config.ConfigReader;
import dev.quell.ingest.config.IngestConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InFlightBytesTest {

    private final InFlightBytes budget = new InFlightBytes(IngestConfig.from(new ConfigReader(
            new PropertySourcePropertyResolver(new MapPropertySource("t", Map.of(
                    "quell.ingest.max-body-size", "100", "quell.ingest.max-in-flight-size", "250"))))),
            new SimpleMeterRegistry());

    @Test
    void shouldRefuseWhatWouldPassTheBoundAndTakeItBackOnRelease() {
        assertThat(budget.tryAcquire(100)).isTrue();
        assertThat(budget.tryAcquire(100)).isTrue();
        assertThat(budget.tryAcquire(100)).as("300 > 250").isFalse();
        assertThat(budget.inFlight()).isEqualTo(200);
        budget.release(100);
        assertThat(budget.tryAcquire(100)).isTrue();
        assertThat(budget.tryAcquire(50)).as("exactly the bound: 250").isTrue();
        assertThat(budget.tryAcquire(1)).as("one byte past it").isFalse();
    }

    @Test
    void shouldAlwaysLetOneRequestThroughWhenNothingIsInFlight() {
        assertThat(budget.tryAcquire(1_000)).isTrue();
    }
}
