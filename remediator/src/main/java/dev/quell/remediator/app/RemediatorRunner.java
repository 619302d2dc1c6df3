package dev.quell.remediator.app;

import dev.quell.remediator.engine.RemediationEngine;
import dev.quell.remediator.kafka.IncidentConsumer;
import dev.quell.remediator.kafka.KafkaLedger;
import dev.quell.remediator.kafka.RemediationEventLog;
import dev.quell.schemas.events.DeadLetter;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up in order: restore the ledger, load the latest events, report actions a crash
 * interrupted, then consume incidents; on shutdown, finish the incident in hand and stop.
 */
@Context
public class RemediatorRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RemediatorRunner.class);

    private final IncidentConsumer consumer;
    private final Thread thread;

    public RemediatorRunner(RemediatorConfig config, KafkaLedger ledger, RemediationEventLog log,
                            RemediationEngine engine, Producer<String, DeadLetter> deadLetters) {
        ledger.restore(config.bootstrapServers());
        log.load(config.bootstrapServers(), config.topics().remediations());
        engine.reportInterrupted();
        consumer = new IncidentConsumer(config.bootstrapServers(), config.groupId(), config.topics().incidents(),
                config.topics().deadLetters(), deadLetters, engine);
        thread = new Thread(consumer, "quell-remediator-incidents");
        thread.setUncaughtExceptionHandler((t, error) -> LOG.error("the incident consumer stopped", error));
        thread.start();
        LOG.info("remediator started in {} mode{}", config.mode().wireName(), engine.paused() ? " (paused)" : "");
    }

    public boolean running() {
        return thread.isAlive();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        consumer.stop();
        thread.join(Duration.ofSeconds(60).toMillis());
    }
}
