package dev.quell.standalone;

import dev.quell.remediator.app.Actions;
import dev.quell.remediator.engine.MemoryLedger;
import dev.quell.remediator.engine.RemediationEngine;
import dev.quell.remediator.engine.RemediatorSettings;
import dev.quell.remediator.playbooks.Playbook;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.GroupProgress;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import dev.quell.service.time.Poll;
import dev.quell.streams.engine.EngineSettings;
import dev.quell.streams.rules.ClassificationRules;
import dev.quell.streams.topology.IncidentTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What would have happened under other rules and playbooks, step by step:
 * <ol>
 *   <li>copy the retained alerts, logs and remediation events (from a time, or all) into topics of
 *       the replay's own ({@code quell-replay-<ms>.…}), keys, values and timestamps unchanged;</li>
 *   <li>run the incident topology with the new rules over them, as a Streams application of its own
 *       id, until it has read everything;</li>
 *   <li>decide every replayed incident version with the new playbooks in a dry-run engine with a
 *       ledger in memory — nothing is acted on, nothing is published on Quell's topics;</li>
 *   <li>compare with what happened (the incidents topic, the {@code planned} remediation events);</li>
 *   <li>delete the replay's topics and state.</li>
 * </ol>
 * Incident ids come from the correlation key and the time the incident opened, so the same input
 * gives the same ids and both sides can be compared incident by incident.
 */
final class Replay {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    record Settings(String bootstrapServers, Topics source, ClassificationRules rules, List<Playbook> playbooks,
                    Targets targets, Instant from, EngineSettings engine) {
    }

    private final Settings settings;
    private final Consumer<String> progress;

    Replay(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    ReplayReport run() throws Exception {
        String id = "quell-replay-" + System.currentTimeMillis();
        Topics replay = new Topics(id + ".", settings.source().alerts().settings().partitions());
        Path stateDir = Files.createTempDirectory(id);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", settings.bootstrapServers()))) {
            try {
                int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
                new TopicProvisioner(admin, (short) Math.min(3, brokers)).ensure(replay, 30_000);
                long copied = copy(settings.source().alerts(), replay.alerts())
                        + copy(settings.source().logs(), replay.logs())
                        + copy(settings.source().remediations(), replay.remediations());
                progress.accept("copied " + copied + " records into " + id + ".*; classifying with the new rules…");
                classify(id, replay, stateDir, admin);
                List<Incident> replayed = read(replay.incidents());
                List<Incident> happened = read(settings.source().incidents()).stream()
                        .filter(incident -> !incident.openedAt().isBefore(settings.from())).toList();
                progress.accept("deciding " + replayed.size() + " incident versions with the new playbooks…");
                Set<ReplayReport.Decision> wouldRun = decide(replayed);
                Set<ReplayReport.Decision> ran = planned(read(settings.source().remediations()));
                return ReplayReport.compare(latest(happened), latest(replayed), ran, wouldRun);
            } finally {
                deleteReplayTopics(admin, id);
                deleteRecursively(stateDir);
            }
        }
    }

    /** Copies a topic's records from {@link Settings#from} up to its end as it is now; returns how many. */
    private long copy(Topic<String, ?> from, Topic<String, ?> to) {
        long copied = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(from.name(), Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(partition -> query.put(partition, settings.from().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = start.get(partition);
                consumer.seek(partition, offset == null ? end.get(partition) : offset.offset());
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("copying " + from.name() + " took longer than " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        producer.send(new ProducerRecord<>(to.name(), null, record.timestamp(), record.key(), record.value(),
                                record.headers()));
                        copied++;
                    }
                }
            }
            producer.flush();
        }
        return copied;
    }

    /** Runs the topology with the new rules until its group has committed past every input record. */
    private void classify(String id, Topics replay, Path stateDir, Admin admin) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, id);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        try (KafkaStreams streams = new KafkaStreams(IncidentTopology.build(new StreamsBuilder(), replay,
                settings.rules(), settings.engine()), props)) {
            streams.start();
            boolean done = Poll.until(() -> {
                if (streams.state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("the replay topology failed (see the log)");
                }
                return caughtUp(admin, id, replay);
            }, Duration.ofMillis(300), TIMEOUT);
            if (!done) {
                throw new IllegalStateException("the replay topology did not finish within " + TIMEOUT);
            }
            streams.close(Duration.ofSeconds(30));
        }
    }

    /** Every input topic, and the topology's own repartition topic, committed to its end. */
    private static boolean caughtUp(Admin admin, String id, Topics replay) throws Exception {
        Set<String> topics = new HashSet<>(Set.of(replay.alerts().name(), replay.logs().name(), replay.remediations().name()));
        admin.listTopics().names().get().stream()
                .filter(topic -> topic.startsWith(id + "-") && topic.endsWith("-repartition"))
                .forEach(topics::add);
        return GroupProgress.caughtUp(admin, id, topics);
    }

    /** The playbooks' decisions on every replayed incident version, in a dry-run engine that touches nothing. */
    private Set<ReplayReport.Decision> decide(List<Incident> versions) {
        Set<ReplayReport.Decision> planned = new TreeSet<>();
        RemediationEngine engine = new RemediationEngine(settings.playbooks(), actionsByName(), settings.targets(),
                new MemoryLedger(), (key, event) -> {
                    if (event.phase() == RemediationPhase.PLANNED) {
                        planned.add(new ReplayReport.Decision(event.data().incidentId(), event.data().playbook()));
                    }
                },
                new RemediatorSettings(Playbook.Mode.DRY_RUN, Integer.MAX_VALUE, 2, Integer.MAX_VALUE,
                        Duration.ofMinutes(30), "/quell/replay"),
                Clock.systemUTC(), duration -> { });
        versions.stream().sorted(Comparator.comparing(Incident::updatedAt).thenComparing(Incident::version))
                .forEach(engine::onIncident);
        return planned;
    }

    private Set<ReplayReport.Decision> planned(List<RemediationEvent> events) {
        return events.stream().filter(event -> event.phase() == RemediationPhase.PLANNED)
                .filter(event -> !event.time().isBefore(settings.from()))
                .map(event -> new ReplayReport.Decision(event.data().incidentId(), event.data().playbook()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, Incident> latest(List<Incident> versions) {
        Map<String, Incident> latest = new LinkedHashMap<>();
        versions.forEach(incident -> latest.merge(incident.id(), incident,
                (a, b) -> a.version() >= b.version() ? a : b));
        return latest;
    }

    private Map<String, dev.quell.remediator.actions.RemediationAction<?>> actionsByName() {
        Map<String, dev.quell.remediator.actions.RemediationAction<?>> byName = new LinkedHashMap<>();
        Actions.builtIn().all().forEach(action -> byName.put(action.name(), action));
        return byName;
    }

    /** Every value of a topic as it is now, in offset order per partition. */
    private <V> List<V> read(Topic<String, V> topic) {
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        values.add(topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
                    }
                }
            }
        }
        return values;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static void deleteReplayTopics(Admin admin, String id) {
        try {
            List<String> topics = admin.listTopics().names().get().stream()
                    .filter(topic -> topic.startsWith(id + ".") || topic.startsWith(id + "-")).toList();
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
            admin.deleteConsumerGroups(List.of(id)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // left behind: the topics of a replay are named quell-replay-<ms>.… and can be deleted by hand
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
