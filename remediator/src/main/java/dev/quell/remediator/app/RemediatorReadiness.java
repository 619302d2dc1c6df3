package dev.quell.remediator.app;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/** Ready while the incident and plan consumers run (the ledger was restored before they started). */
@Singleton
@Readiness
public class RemediatorReadiness implements HealthIndicator {

    private final RemediatorRunner runner;

    public RemediatorReadiness(RemediatorRunner runner) {
        this.runner = runner;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean running = runner.running();
        return Publishers.just(HealthResult.builder("remediator", running ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("consumers", running ? "running" : "stopped"))
                .build());
    }
}
