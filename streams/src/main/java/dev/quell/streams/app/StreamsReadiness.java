package dev.quell.streams.app;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.reactivestreams.Publisher;

/**
 * Ready while Kafka Streams is {@code RUNNING}: at start-up, and in a rebalance (an instance joining
 * or leaving), it is not until its tasks are assigned and their stores restored — when the
 * incidents API could only answer 503 anyway.
 */
@Singleton
@Readiness
public class StreamsReadiness implements HealthIndicator {

    private final StreamsRunner runner;

    public StreamsReadiness(StreamsRunner runner) {
        this.runner = runner;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        KafkaStreams.State state = runner.streams().state();
        HealthStatus status = state == KafkaStreams.State.RUNNING ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder("kafka-streams", status)
                .details(Map.of("state", state.name()))
                .build());
    }
}
