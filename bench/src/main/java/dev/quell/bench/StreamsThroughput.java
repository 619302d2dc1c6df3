package dev.quell.bench;

import dev.quell.schemas.topics.GroupProgress;
import dev.quell.schemas.topics.Topics;
import dev.quell.service.time.Poll;
import dev.quell.streams.engine.EngineSettings;
import dev.quell.streams.rules.RulesLoader;
import dev.quell.streams.topology.IncidentTopology;
import dev.quell.streams.topology.TopologyEvents;
import dev.quell.schemas.events.Incident;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The incident topology with exactly-once over topics already filled with alerts and logs (as
 * ingest wrote them), against a pass-through Streams application (same guarantee, same input,
 * source to sink) on the same broker: records per second from start to every input committed.
 */
final class StreamsThroughput {

    /**
     * {@code versions}: the incident versions the topology emitted for the {@code records} read;
     * {@code jsonPassThrough}: the JSON pass-through's time, or {@code null} when it was not asked for.
     */
    record Result(long records, long versions, Timed quell, Timed passThrough, Timed jsonPassThrough) {
        double quellPerSecond() {
            return quell.perSecond();
        }

        double passThroughPerSecond() {
            return passThrough.perSecond();
        }
    }

    /**
     * The records an application processed between its first offset commit and the last, how long
     * that took, and how long this JVM's JIT compilers worked meanwhile (the broker's code and both
     * applications' share it): a run timed while they still compile is a run of a JVM warming up.
     */
    record Timed(long records, Duration took, Duration compiling) {
        double perSecond() {
            return records / (took.toNanos() / 1e9);
        }
    }

    private static final String PASS_THROUGH = "bench.passthrough";
    private static final String JSON_PASS_THROUGH = "bench.passthrough.json";

    private StreamsThroughput() {
    }

    /** @param jsonBaseline also time the JSON pass-through ({@link #jsonPassThrough}) */
    static Result measure(String bootstrap, Topics topics, int threads, boolean jsonBaseline) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long records = end(admin, Set.of(topics.alerts().name(), topics.logs().name()));
            for (String sink : List.of(PASS_THROUGH, JSON_PASS_THROUGH)) {
                if (!admin.listTopics().names().get().contains(sink)) {
                    admin.createTopics(List.of(new NewTopic(sink, Topics.DEFAULT_PARTITIONS, (short) 1))).all().get();
                }
            }
            Timed passThrough = run(admin, bootstrap, "bench-passthrough-" + System.nanoTime(), topics, threads,
                    id -> passThrough(topics));
            Timed jsonPassThrough = !jsonBaseline ? null : run(admin, bootstrap, "bench-json-passthrough-"
                    + System.nanoTime(), topics, threads, id -> jsonPassThrough(topics));
            AtomicLong versions = new AtomicLong();
            TopologyEvents counted = new TopologyEvents() {
                @Override
                public void incidentVersion(Incident incident) {
                    versions.incrementAndGet();
                }
            };
            Timed quell = run(admin, bootstrap, "bench-incidents-" + System.nanoTime(), topics, threads,
                    id -> IncidentTopology.build(new StreamsBuilder(), topics,
                            RulesLoader.loadResource("/quell-rules.yml"), EngineSettings.defaults(), counted));
            return new Result(records, versions.get(), quell, passThrough, jsonPassThrough);
        }
    }

    private static Topology passThrough(Topics topics) {
        StreamsBuilder builder = new StreamsBuilder();
        for (String topic : List.of(topics.alerts().name(), topics.logs().name())) {
            builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                    .to(PASS_THROUGH, Produced.with(Serdes.String(), Serdes.ByteArray()));
        }
        return builder.build();
    }

    /**
     * A pass-through that reads each record into its event with the topic's own serde and writes it
     * back the same way: the JSON work of the topology's input and output, none of its state — to
     * tell how much of the gap to the byte-copying pass-through is JSON.
     */
    private static Topology jsonPassThrough(Topics topics) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.alerts().name(), Consumed.with(topics.alerts().keySerde(), topics.alerts().valueSerde()))
                .to(JSON_PASS_THROUGH, Produced.with(topics.alerts().keySerde(), topics.alerts().valueSerde()));
        builder.stream(topics.logs().name(), Consumed.with(topics.logs().keySerde(), topics.logs().valueSerde()))
                .to(JSON_PASS_THROUGH, Produced.with(topics.logs().keySerde(), topics.logs().valueSerde()));
        return builder.build();
    }

    /**
     * Times the application from its first offset commit — start-up, the rebalance and the
     * internal topics' creation excluded, which take longer for the incident topology than for a
     * pass-through and would otherwise weigh most on the shortest run — until every input offset
     * is committed.
     */
    private static Timed run(Admin admin, String bootstrap, String applicationId, Topics topics, int threads,
                             Function<String, Topology> topology) throws Exception {
        Path state = Files.createTempDirectory(applicationId);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // both applications alike: Quell's default unless set for a comparison
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.getLong("quell.bench.streams-commit-interval-ms",
                dev.quell.streams.app.StreamsSettings.DEFAULT_COMMIT_INTERVAL.toMillis()));
        // Kafka Streams' default, as the streams service runs; -1 only to measure what its idling checks cost
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.getLong("quell.bench.streams-max-task-idle-ms", 0L));
        Set<String> inputs = Set.of(topics.alerts().name(), topics.logs().name());
        long records = end(admin, inputs);
        long start = System.nanoTime();
        try (KafkaStreams streams = new KafkaStreams(topology.apply(applicationId), props)) {
            streams.start();
            long compiledAtStart = compilationMillis();
            long[] first = new long[3]; // when the first commit was seen, the records left then, the JIT's time then
            awaitGroup(streams, applicationId, () -> {
                long lag = GroupProgress.lag(admin, applicationId, inputs);
                first[0] = System.nanoTime();
                first[1] = lag;
                first[2] = compilationMillis();
                return lag < records;
            });
            awaitGroup(streams, applicationId, () -> GroupProgress.caughtUp(admin, applicationId, inputs));
            // an input small enough to be done by the first look (the quick run) is timed from the start
            Timed timed = first[1] > 0
                    ? new Timed(first[1], Duration.ofNanos(System.nanoTime() - first[0]),
                            Duration.ofMillis(compilationMillis() - first[2]))
                    : new Timed(records, Duration.ofNanos(System.nanoTime() - start),
                            Duration.ofMillis(compilationMillis() - compiledAtStart));
            streams.close(Duration.ofSeconds(30));
            return timed;
        } finally {
            Bench.deleteRecursively(state);
        }
    }

    /** How long this JVM's JIT compilers have worked, summed over their threads. */
    private static long compilationMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    private static void awaitGroup(KafkaStreams streams, String applicationId, Poll.Condition condition)
            throws Exception {
        boolean done = Poll.until(() -> {
            if (streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException(applicationId + " failed");
            }
            return condition.holds();
        }, Duration.ofMillis(100), Duration.ofMinutes(30));
        if (!done) {
            throw new IllegalStateException(applicationId + " did not read its input within 30 minutes");
        }
    }

    private static long end(Admin admin, Set<String> topics) throws Exception {
        return ends(admin, topics).values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<TopicPartition, Long> ends(Admin admin, Set<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) -> description.partitions()
                .forEach(info -> latest.put(new TopicPartition(name, info.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }
}
