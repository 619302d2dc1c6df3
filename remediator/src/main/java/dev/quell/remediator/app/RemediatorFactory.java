package dev.quell.remediator.app;

import dev.quell.remediator.actions.RemediationAction;
import dev.quell.remediator.engine.MeteredEvents;
import dev.quell.remediator.kafka.PlanSender;
import dev.quell.remediator.engine.RemediationEngine;
import dev.quell.remediator.engine.RemediatorSettings;
import dev.quell.remediator.engine.Sleeper;
import dev.quell.remediator.kafka.KafkaEventSink;
import dev.quell.remediator.kafka.KafkaLedger;
import dev.quell.remediator.kafka.RemediationEventLog;
import dev.quell.remediator.playbooks.Playbook;
import dev.quell.remediator.playbooks.PlaybookLoader;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.events.LedgerEntry;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPlan;
import dev.quell.schemas.topics.Topic;
import dev.quell.service.config.ConfigReader;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the remediator: configuration, targets, playbooks (checked at start-up), ledger, events, engine. */
@Factory
class RemediatorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RemediatorFactory.class);

    @Context
    RemediatorConfig remediatorConfig(Environment environment) {
        RemediatorConfig config = RemediatorConfig.from(new ConfigReader(environment));
        LOG.info("remediator configuration: {}", config);
        return config;
    }

    @Context
    @Bean(preDestroy = "close")
    Targets targets(Environment environment) {
        Targets targets = Targets.from(environment);
        LOG.info("remediation targets: {}", targets.ids());
        return targets;
    }

    @Singleton
    Actions actions() {
        return Actions.builtIn();
    }

    @Context
    Playbooks playbooks(RemediatorConfig config, Actions actions, Targets targets) {
        PlaybookLoader loader = new PlaybookLoader(actions.all(), targets);
        List<Playbook> playbooks = config.playbooksFile().map(loader::load).orElseGet(loader::loadDefaults);
        LOG.info("playbooks from {}: {}", config.playbooksFile().map(Object::toString).orElse("the defaults"),
                playbooks.stream().map(Playbook::name).toList());
        return new Playbooks(playbooks);
    }

    @Singleton
    @Bean(preDestroy = "close")
    Producer<String, LedgerEntry> ledgerProducer(RemediatorConfig config) {
        Topic<String, LedgerEntry> topic = config.topics().ledger();
        return new KafkaProducer<>(durable(config, "quell-remediator-ledger"), topic.keySerde().serializer(),
                topic.valueSerde().serializer());
    }

    @Singleton
    @Bean(preDestroy = "close")
    Producer<String, RemediationEvent> eventProducer(RemediatorConfig config) {
        Topic<String, RemediationEvent> topic = config.topics().remediations();
        return new KafkaProducer<>(durable(config, "quell-remediator-events"), topic.keySerde().serializer(),
                topic.valueSerde().serializer());
    }

    @Singleton
    @Bean(preDestroy = "close")
    Producer<String, DeadLetter> deadLetterProducer(RemediatorConfig config) {
        Topic<String, DeadLetter> topic = config.topics().deadLetters();
        return new KafkaProducer<>(durable(config, "quell-remediator-dead-letters"), topic.keySerde().serializer(),
                topic.valueSerde().serializer());
    }

    @Singleton
    @Bean(preDestroy = "close")
    Producer<String, RemediationPlan> planProducer(RemediatorConfig config) {
        Topic<String, RemediationPlan> topic = config.topics().remediationPlans();
        return new KafkaProducer<>(durable(config, "quell-remediator-plans"), topic.keySerde().serializer(),
                topic.valueSerde().serializer());
    }

    @Singleton
    PlanSender planSender(RemediatorConfig config, Producer<String, RemediationPlan> producer) {
        return new PlanSender(config.topics().remediationPlans(), producer);
    }

    @Singleton
    RemediationEventLog eventLog() {
        return new RemediationEventLog(10_000);
    }

    @Singleton
    KafkaLedger ledger(RemediatorConfig config, Producer<String, LedgerEntry> producer) {
        return new KafkaLedger(config.topics().ledger(), producer);
    }

    @Singleton
    RemediationEngine engine(RemediatorConfig config, Playbooks playbooks, Actions actions,
                             Targets targets, KafkaLedger ledger, Producer<String, RemediationEvent> events,
                             RemediationEventLog log, MeterRegistry meters) {
        Map<String, RemediationAction<?>> byName = new LinkedHashMap<>();
        actions.all().forEach(action -> byName.put(action.name(), action));
        RemediationEngine engine = new RemediationEngine(playbooks.all(), byName, targets, ledger,
                new MeteredEvents(new KafkaEventSink(config.topics().remediations(), events, log), meters),
                new RemediatorSettings(config.mode(), config.budgetPerHour(), config.failuresToBlock(),
                        config.maxConcurrent(), config.approvalTimeout(), RemediatorSettings.SOURCE),
                Clock.systemUTC(), Sleeper.REAL);
        gauges(engine, config, meters);
        return engine;
    }

    /**
     * The budget, the switch and the approvals waiting on {@code /prometheus}, so an alert can say
     * when the budget is spent, Quell is paused or an action waits for a human.
     */
    private static void gauges(RemediationEngine engine, RemediatorConfig config, MeterRegistry meters) {
        Gauge.builder("quell.remediation.budget.used", engine, RemediationEngine::actionsInLastHour)
                .description("Actions started in the last hour over every playbook and target (all replicas, per the ledger)")
                .register(meters);
        Gauge.builder("quell.remediation.budget.limit", config, RemediatorConfig::budgetPerHour)
                .description("quell.remediator.budget-per-hour: actions allowed per hour over every playbook and target")
                .register(meters);
        Gauge.builder("quell.remediation.paused", engine, e -> e.paused() ? 1 : 0)
                .description("1 while remediation is paused (POST /api/v1/remediator/pause), else 0")
                .register(meters);
        Gauge.builder("quell.remediation.approvals.pending", engine, e -> e.pendingApprovals().size())
                .description("Actions waiting for a human's approval (all replicas, per the ledger)")
                .register(meters);
    }

    /**
     * Every send of these producers is awaited before the engine goes on, so there is nothing to
     * batch it with: no linger (Kafka 4's default of 5 ms was paid on each of a decision's writes).
     */
    private static Map<String, Object> durable(RemediatorConfig config, String clientId) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0);
    }
}
