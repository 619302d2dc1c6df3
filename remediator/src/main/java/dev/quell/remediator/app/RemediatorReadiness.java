package dev.quell.remediator.app;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Ready while the incident and plan consumers run (the ledger was restored before they started).
 * Each target's reachability is in the details; an unreachable target does not make the
 * remediator unready, since it must still decide, and publish, for the others.
 */
@Singleton
@Readiness
public class RemediatorReadiness implements HealthIndicator {

    private final RemediatorRunner runner;
    private final TargetsHealth targets;

    public RemediatorReadiness(RemediatorRunner runner, TargetsHealth targets) {
        this.runner = runner;
        this.targets = targets;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean running = runner.running();
        return Publishers.just(HealthResult.builder("remediator", running ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("consumers", running ? "running" : "stopped", "targets", targets.reachability()))
                .build());
    }
}
