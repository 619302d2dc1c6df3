package dev.quell.remediator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quell.kafka.SharedTestBroker;
import dev.quell.kafka.TopicContents;
import dev.quell.remediator.actions.ActionParams;
import dev.quell.remediator.actions.ActionResult;
import dev.quell.remediator.actions.RemediationAction;
import dev.quell.remediator.engine.RemediationEngine;
import dev.quell.remediator.engine.RemediatorSettings;
import dev.quell.remediator.kafka.IncidentConsumer;
import dev.quell.remediator.kafka.KafkaEventSink;
import dev.quell.remediator.kafka.KafkaPublishedEvents;
import dev.quell.remediator.kafka.KafkaLedger;
import dev.quell.remediator.kafka.PlanConsumer;
import dev.quell.remediator.kafka.PlanSender;
import dev.quell.remediator.kafka.RemediationEventLog;
import dev.quell.remediator.playbooks.Playbook;
import dev.quell.remediator.targets.PostgresTarget;
import dev.quell.remediator.targets.Target;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import dev.quell.schemas.events.Severity;
import dev.quell.schemas.incidents.IncidentIds;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import dev.quell.service.config.Credential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two remediator replicas on one set of topics: plans are routed by target, so one replica alone
 * decides about a target — no two runs on one target ever overlap, and the per-target budget
 * holds over both replicas together, counted from the events topic.
 */
class TwoReplicasIT {

    private static final int TARGETS = 8;
    private static final int PER_TARGET = 3;

    private final Topics topics = new Topics("two-replicas-it-" + System.nanoTime() + ".", 6);
    private final String group = "two-replicas-it-" + System.nanoTime();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final List<Runnable> stops = new ArrayList<>();
    private final List<PlanConsumer> deciders = new ArrayList<>();

    @AfterEach
    void stop() {
        stops.forEach(Runnable::run);
    }

    @Test
    void shouldLetOneReplicaAloneDecideAboutEachTarget() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).ensure(topics, 30_000);
        }
        AtomicInteger firstDecided = new AtomicInteger();
        AtomicInteger secondDecided = new AtomicInteger();
        replica("a", firstDecided);
        replica("b", secondDecided);
        await().atMost(Duration.ofSeconds(60)).until(() -> deciders.stream().allMatch(d -> d.ownedPartitions() > 0)
                && deciders.stream().mapToInt(PlanConsumer::ownedPartitions).sum() == 6);

        try (Producer<String, Incident> producer = producer(topics.incidents().valueSerde().serializer())) {
            for (int version = 1; version <= 6; version++) {
                for (int target = 0; target < TARGETS; target++) {
                    Incident incident = incident(target, version);
                    producer.send(new ProducerRecord<>(topics.incidents().name(), incident.id(), incident));
                }
            }
        }

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(events().stream().filter(e -> e.phase() == RemediationPhase.VERIFIED).count())
                        .isEqualTo((long) TARGETS * PER_TARGET));
        Map<String, Long> startedPerTarget = events().stream().filter(e -> e.phase() == RemediationPhase.STARTED)
                .collect(Collectors.groupingBy(RemediationEvent::subject, Collectors.counting()));
        assertThat(startedPerTarget).hasSize(TARGETS);
        assertThat(startedPerTarget.values()).as("budget per target over both replicas").containsOnly((long) PER_TARGET);
        assertThat(overlaps).as("two runs on one target at once").hasValue(0);
        assertThat(firstDecided.get()).as("replica a decided some").isPositive();
        assertThat(secondDecided.get()).as("replica b decided some").isPositive();
    }

    private void replica(String name, AtomicInteger decided) {
        Producer<String, dev.quell.schemas.events.LedgerEntry> ledgerProducer = producer(topics.ledger().valueSerde().serializer());
        Producer<String, RemediationEvent> eventProducer = producer(topics.remediations().valueSerde().serializer());
        Producer<String, dev.quell.schemas.events.RemediationPlan> planProducer =
                producer(topics.remediationPlans().valueSerde().serializer());
        Producer<String, dev.quell.schemas.events.DeadLetter> deadLetters = producer(topics.deadLetters().valueSerde().serializer());
        KafkaLedger ledger = new KafkaLedger(topics.ledger(), ledgerProducer);
        ledger.restore(SharedTestBroker.bootstrapServers());
        Map<String, Target> targets = new HashMap<>();
        for (int i = 0; i < TARGETS; i++) {
            targets.put("postgres/db" + i, new PostgresTarget("db" + i, "jdbc:postgresql://127.0.0.1:5432/db" + i,
                    "quell", Credential.of("x"), List.of()));
        }
        Playbook playbook = new Playbook("kill-idle", new Playbook.Match(Set.of("DatabasePoolExhausted"), List.of(),
                Set.of(), Severity.P3), CountingAction.NAME, "postgres/{{labels.database}}", ActionParams.of(Map.of()),
                new Playbook.Bounds(Duration.ofMillis(1), 1_000, PER_TARGET),
                new Playbook.Verify(Duration.ofSeconds(5), Duration.ofMillis(50)), Optional.empty());
        RemediationEngine engine = new RemediationEngine(List.of(playbook),
                Map.of(CountingAction.NAME, new CountingAction(running, overlaps, decided)), new Targets(targets), ledger,
                new KafkaEventSink(topics.remediations(), eventProducer, new RemediationEventLog(100)),
                new RemediatorSettings(Playbook.Mode.ENFORCE, 1_000, 2, 2, Duration.ofMinutes(5), "/quell/remediator/" + name),
                Clock.systemUTC(), duration -> LockSupport.parkNanos(duration.toNanos()));
        IncidentConsumer incidents = new IncidentConsumer(SharedTestBroker.bootstrapServers(), group, topics.incidents(),
                topics.deadLetters(), deadLetters, new PlanSender(topics.remediationPlans(), planProducer), engine);
        PlanConsumer plans = new PlanConsumer(SharedTestBroker.bootstrapServers(), group + "-plans",
                topics.remediationPlans(), engine, new KafkaPublishedEvents(SharedTestBroker.bootstrapServers(),
                topics.remediations()));
        deciders.add(plans);
        Thread incidentThread = new Thread(incidents, "incidents-" + name);
        Thread planThread = new Thread(plans, "plans-" + name);
        incidentThread.start();
        planThread.start();
        stops.add(() -> {
            incidents.stop();
            plans.stop();
            join(incidentThread);
            join(planThread);
            ledger.close();
            List.of(ledgerProducer, eventProducer, planProducer, deadLetters).forEach(Producer::close);
        });
    }

    private Incident incident(int target, long version) {
        Instant opened = Instant.parse("2026-11-20T08:00:00Z");
        Map<String, String> labels = Map.of("alertname", "DatabasePoolExhausted", "database", "db" + target);
        return new Incident(IncidentIds.of("prod/db" + target, opened), version, "prod/db" + target, IncidentStatus.OPEN,
                Severity.P1, List.of(), opened.plusSeconds(3600), false, opened, opened, null,
                List.of(new Incident.Alert("0123456789abcdef", "DatabasePoolExhausted", AlertStatus.FIRING, labels,
                        opened, false)), List.of(), false);
    }

    private List<RemediationEvent> events() {
        Topic<String, RemediationEvent> topic = topics.remediations();
        return TopicContents.readAll(SharedTestBroker.bootstrapServers(), topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer()).stream().map(record -> record.value()).toList();
    }

    private static <V> Producer<String, V> producer(Serializer<V> values) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new org.apache.kafka.common.serialization.StringSerializer(), values);
    }

    private static void join(Thread thread) {
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes a few milliseconds per run and notices when two runs on one target overlap. */
    private record CountingAction(Map<String, AtomicInteger> running, AtomicInteger overlaps, AtomicInteger decided)
            implements RemediationAction<Target> {
        static final String NAME = "test.counting";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Class<Target> targetType() {
            return Target.class;
        }

        @Override
        public void validate(ActionParams params, Target target) {
        }

        @Override
        public ActionResult run(Target target, ActionParams params) {
            decided.incrementAndGet();
            AtomicInteger now = running.computeIfAbsent(target.id(), id -> new AtomicInteger());
            if (now.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            LockSupport.parkNanos(Duration.ofMillis(30).toNanos()); // the action's own work
            now.decrementAndGet();
            return new ActionResult(true, "ran", 1);
        }

        @Override
        public boolean verified(Target target, ActionParams params, ActionResult result) {
            return true;
        }
    }
}
