package dev.quell.bench;

import dev.quell.kafka.EmbeddedKafkaBroker;
import dev.quell.schemas.topics.GroupProgress;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import dev.quell.service.time.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

/**
 * The streams service as deployed (its jar, its own JVM, one stream thread), {@code n} instances of
 * one application on a fresh broker with 6 partitions per topic. The instances start on empty
 * topics and are all ready — the group formed, every task assigned — before any record is sent,
 * so neither JVM start-up nor the rebalance a second member causes is timed. A quarter of the
 * input then goes through untimed (the instances' JIT compiles the topology's code); the input is
 * timed from its first record sent until every input offset is committed (filling overlaps the
 * processing, as ingest's writes would).
 */
final class StreamsInstances {

    /** How many input records, how long they took, and how many input partitions each instance read. */
    record Result(long records, Duration took, List<Integer> partitionsPerInstance) {
        double perSecond() {
            return records / (took.toNanos() / 1e9);
        }
    }

    private static final String PREFIX = "bench.instances.";
    private static final Duration CATCH_UP = Duration.ofMinutes(20);

    private StreamsInstances() {
    }

    static Result measure(Path repository, int instances, int webhooks, int logBatches) throws Exception {
        Path work = Files.createTempDirectory("quell-bench-instances");
        Topics topics = new Topics(PREFIX, Topics.DEFAULT_PARTITIONS);
        Set<String> inputs = Set.of(topics.alerts().name(), topics.logs().name());
        String application = "bench-instances-" + instances;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(work.resolve("kafka")).port(0).build()
                .start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            String bootstrap = broker.bootstrapServers();
            new TopicProvisioner(admin, (short) 1).ensure(topics, 30_000);
            List<ServiceJvm> running = new ArrayList<>();
            try {
                for (int i = 0; i < instances; i++) {
                    int port = StartupTime.freePort();
                    running.add(new ServiceJvm(repository, "streams", bootstrap, PREFIX, port, Map.of(
                            "quell.streams.application-id", application,
                            "quell.streams.state-dir", work.resolve("state-" + i).toString(),
                            "quell.streams.advertised-url", "http://127.0.0.1:" + port)));
                }
                for (ServiceJvm jvm : running) { // the earlier ones went through the later ones' rebalances
                    jvm.awaitReady();
                }
                StreamsInput.fill(bootstrap, topics, Math.max(1, webhooks / 4), Math.max(1, logBatches / 4));
                awaitCaughtUp(admin, application, inputs);
                long start = System.nanoTime();
                long records = StreamsInput.fill(bootstrap, topics, webhooks, logBatches);
                awaitCaughtUp(admin, application, inputs);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                return new Result(records, took, inputPartitionsPerMember(admin, application, inputs));
            } finally {
                for (ServiceJvm jvm : running) {
                    jvm.close();
                }
            }
        } finally {
            Bench.deleteRecursively(work);
        }
    }

    private static void awaitCaughtUp(Admin admin, String application, Set<String> inputs) throws Exception {
        if (!Poll.until(() -> GroupProgress.caughtUp(admin, application, inputs), Duration.ofMillis(200), CATCH_UP)) {
            throw new IllegalStateException(application + " did not read its input within " + CATCH_UP);
        }
    }

    /** How the group shared the input partitions: one count per member (a member is an instance's stream thread). */
    private static List<Integer> inputPartitionsPerMember(Admin admin, String application, Set<String> inputs)
            throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(application)).all().get().get(application);
        List<Integer> counts = new ArrayList<>();
        for (MemberDescription member : group.members()) {
            counts.add((int) member.assignment().topicPartitions().stream()
                    .filter(partition -> inputs.contains(partition.topic())).count());
        }
        counts.sort(null);
        return counts;
    }
}
