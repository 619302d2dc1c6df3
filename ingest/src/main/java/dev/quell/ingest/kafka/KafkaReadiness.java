package dev.quell.ingest.kafka;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.reactivestreams.Publisher;

/**
 * Ready only while a Kafka broker answers: ingest cannot make anything durable without one.
 * Kafka is asked every few seconds in the background, so a probe never waits on it.
 */
@Singleton
@Readiness
public class KafkaReadiness implements HealthIndicator {

    private final Admin admin;
    private volatile HealthResult last = HealthResult.builder("kafka", HealthStatus.UNKNOWN)
            .details(Map.of("reason", "not checked yet"))
            .build();

    public KafkaReadiness(Admin admin) {
        this.admin = admin;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(last);
    }

    @Scheduled(fixedDelay = "3s", initialDelay = "0s")
    void check() {
        HealthResult result;
        try {
            int brokers = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
            result = HealthResult.builder("kafka", brokers > 0 ? HealthStatus.UP : HealthStatus.DOWN)
                    .details(Map.of("brokers", brokers))
                    .build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            result = HealthResult.builder("kafka", HealthStatus.DOWN)
                    .details(Map.of("error", e.getClass().getSimpleName()))
                    .build();
        }
        last = result;
    }
}
