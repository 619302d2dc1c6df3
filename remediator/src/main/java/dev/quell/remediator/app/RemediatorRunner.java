package dev.quell.remediator.app;

import dev.quell.remediator.engine.RemediationEngine;
import dev.quell.remediator.kafka.IncidentConsumer;
import dev.quell.remediator.kafka.KafkaLedger;
import dev.quell.remediator.kafka.KafkaPublishedEvents;
import dev.quell.remediator.kafka.PlanConsumer;
import dev.quell.remediator.kafka.PlanSender;
import dev.quell.remediator.kafka.RemediationEventLog;
import dev.quell.schemas.events.DeadLetter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up in order: restore (and follow) the ledger, load (and follow) the latest events, then plan incidents
 * and decide the plans of the targets this replica owns (settling first the actions a stop left
 * unfinished on them); on shutdown, finish what is in hand and stop.
 */
@Context
public class RemediatorRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RemediatorRunner.class);

    private final KafkaLedger ledger;
    private final RemediationEventLog log;
    private final IncidentConsumer incidents;
    private final PlanConsumer plans;
    private final Thread incidentThread;
    private final Thread planThread;

    public RemediatorRunner(RemediatorConfig config, KafkaLedger ledger, RemediationEventLog log,
                            RemediationEngine engine, Producer<String, DeadLetter> deadLetters,
                            PlanSender planSender, MeterRegistry meters) {
        this.ledger = ledger;
        this.log = log;
        ledger.restore(config.bootstrapServers());
        log.follow(config.bootstrapServers(), config.topics().remediations());
        incidents = new IncidentConsumer(config.bootstrapServers(), config.groupId(), config.topics().incidents(),
                config.topics().deadLetters(), deadLetters, planSender, engine).bindMetrics(meters);
        plans = new PlanConsumer(config.bootstrapServers(), config.groupId() + "-plans", config.topics().remediationPlans(),
                engine, new KafkaPublishedEvents(config.bootstrapServers(), config.topics().remediations())).bindMetrics(meters);
        incidentThread = start(incidents, "quell-remediator-incidents");
        planThread = start(plans, "quell-remediator-plans");
        LOG.info("remediator started in {} mode{}", config.mode().wireName(), engine.paused() ? " (paused)" : "");
    }

    private static Thread start(Runnable loop, String name) {
        Thread thread = new Thread(loop, name);
        thread.setUncaughtExceptionHandler((t, error) -> LOG.error("{} stopped", name, error));
        thread.start();
        return thread;
    }

    public boolean running() {
        return incidentThread.isAlive() && planThread.isAlive();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        incidents.stop();
        plans.stop();
        incidentThread.join(Duration.ofSeconds(60).toMillis());
        planThread.join(Duration.ofSeconds(60).toMillis());
        ledger.close();
        log.close();
    }
}
