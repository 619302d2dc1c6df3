package dev.quell.standalone.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.kafka.TopicContents;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.topics.GroupProgress;
import dev.quell.schemas.topics.Topics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash test with real processes: the broker, ingest, streams and the remediator each run from their
 * jars as in a deployment, acting on a Redis server of the test's own; while a load generator posts
 * alerts, the broker, streams and the remediator are killed with SIGKILL at random points and
 * started again. Afterwards, from the topics and from Redis:
 * <ul>
 *   <li>every alert ingest answered 200 for is on {@code quell.alerts.v1}, and on its incident;</li>
 *   <li>every incident's versions are 1..n, each exactly once;</li>
 *   <li>no action started twice for one decision, and Redis saw no run that was not started first;</li>
 *   <li>every started action ended; cooldowns and hourly budgets held across the restarts.</li>
 * </ul>
 * CI runs one round (each victim killed once); {@code -Dquell.crash.rounds=N} runs more (docs/reliability.md).
 */
@Tag("crash")
class CrashIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int ROUNDS = Integer.getInteger("quell.crash.rounds", 1);
    private static final long SEED = Long.getLong("quell.crash.seed", 20261127L);
    private static final String PREFIX = "crash.";
    private static final Topics TOPICS = new Topics(PREFIX, 3);
    private static final int TARGETS = 6;
    private static final int KEYS_PER_TARGET = 60;
    private static final Duration COOLDOWN = Duration.ofSeconds(3);
    private static final int PER_TARGET_PER_HOUR = 8;
    private static final int BUDGET_PER_HOUR = 40;

    @TempDir
    Path work;

    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Map<Long, Boolean> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private ScheduledExecutorService load;

    @AfterEach
    void stopEverything() throws Exception {
        if (load != null) {
            load.shutdownNow();
        }
        Collections.reverse(processes);
        for (ServiceProcess process : processes) {
            process.close();
        }
    }

    @Test
    void shouldLoseNoAcknowledgedAlertRepeatNoIncidentVersionAndRunNoActionTwiceWhenProcessesAreKilled() throws Exception {
        int redisPort = freePort();
        int kafkaPort = freePort();
        String bootstrap = "127.0.0.1:" + kafkaPort;
        ServiceProcess redis = started(new ServiceProcess("redis", List.of("redis-server", "--port", Integer.toString(redisPort),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", work.toString()), Map.of(), work, null),
                "Ready to accept connections");
        plantKeys(redisPort);
        ServiceProcess broker = started(new ServiceProcess("broker", List.of(java(), "-Xmx512m", "-jar", jar("standalone/target/quell.jar"),
                "broker", "--kafka-port", Integer.toString(kafkaPort), "--data-dir", work.resolve("broker").toString()),
                Map.of(), work, null), "Kafka broker ready");
        assertThat(ServiceProcess.runToEnd(List.of(java(), "-jar", jar("standalone/target/quell.jar"), "topics",
                "--bootstrap-servers", bootstrap, "--partitions", "3", "--replication-factor", "1", "--topic-prefix", PREFIX),
                work.resolve("topics.log"))).isZero();

        int ingestPort = freePort();
        Map<String, String> common = Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "QUELL_TOPICS_PREFIX", PREFIX,
                "QUELL_LOG_LEVEL", "WARN");
        started(service("ingest", ingestPort, common, Map.of()), null);
        int streamsPort = freePort();
        ServiceProcess streams = started(service("streams", streamsPort, common, Map.of(
                "QUELL_STREAMS_APPLICATION_ID", "crash-streams",
                "QUELL_STREAMS_STATE_DIR", work.resolve("streams-state").toString(),
                "QUELL_STREAMS_ADVERTISED_URL", "http://127.0.0.1:" + streamsPort)), null);
        ServiceProcess remediator = started(service("remediator", freePort(), common, Map.of(
                "MICRONAUT_CONFIG_FILES", remediatorConfig(redisPort).toString())), null);

        startLoad(URI.create("http://127.0.0.1:" + ingestPort + "/webhooks/alertmanager"));
        Random random = new Random(SEED);
        List<String> kills = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<ServiceProcess> victims = new ArrayList<>(List.of(broker, streams, remediator));
            Collections.shuffle(victims, random);
            for (ServiceProcess victim : victims) {
                long before = acknowledged.size();
                int more = 15 + random.nextInt(40);
                await("load goes on before killing " + victim.name()).atMost(Duration.ofSeconds(90))
                        .until(() -> acknowledged.size() >= before + more);
                victim.kill();
                kills.add(victim.name() + " after " + acknowledged.size() + " acknowledged alerts");
                victim.start(victim == broker ? "Kafka broker ready" : null);
            }
        }
        long beforeStop = acknowledged.size();
        await("load after the last restart").atMost(Duration.ofSeconds(90)).until(() -> acknowledged.size() >= beforeStop + 20);
        load.shutdown();
        assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        settle(bootstrap);

        Report report = new Report(bootstrap, redisPort);
        System.out.printf("crash test: seed %d, %d rounds, kills %s; %d alerts sent, %d acknowledged; %d incident versions;"
                        + " %d actions started, %d verified, %d runs on Redis%n", SEED, ROUNDS, kills, sent.get(),
                acknowledged.size(), report.versions, report.started.size(), report.verified, report.runsOnRedis());

        assertEveryAcknowledgedAlertIsOnItsTopicAndItsIncident(report);
        assertEveryIncidentVersionExistsOnce(report);
        assertNoActionRanTwiceAndEveryBoundHeld(report);
    }

    private void assertEveryAcknowledgedAlertIsOnItsTopicAndItsIncident(Report report) {
        assertThat(acknowledged).hasSizeGreaterThan(100);
        assertThat(report.alertSeqs).as("acknowledged alerts on quell.alerts.v1").containsAll(acknowledged.keySet());
        assertThat(report.seqsOnIncidents).as("acknowledged alerts on their incident").containsAll(acknowledged.keySet());
    }

    private static void assertEveryIncidentVersionExistsOnce(Report report) {
        assertThat(report.versionsById).hasSize(TARGETS);
        report.versionsById.forEach((id, versions) -> {
            List<Integer> expected = new ArrayList<>();
            for (int v = 1; v <= versions.size(); v++) {
                expected.add(v);
            }
            assertThat(versions).as("versions of %s", id).isEqualTo(expected);
        });
    }

    private static void assertNoActionRanTwiceAndEveryBoundHeld(Report report) {
        assertThat(report.started).as("actions ran").isNotEmpty();
        Map<String, Integer> startsPerDecision = new HashMap<>();
        report.started.forEach(event -> startsPerDecision.merge(decision(event), 1, Integer::sum));
        assertThat(startsPerDecision).as("started events per decision (incident, version, playbook)")
                .allSatisfy((decision, count) -> assertThat(count).as(decision).isEqualTo(1));
        assertThat(report.ended).as("every started action ended (verified, or failed — interrupted ones too)")
                .containsAll(startsPerDecision.keySet());

        Map<String, List<Instant>> startsBySubject = new TreeMap<>();
        report.started.forEach(event -> startsBySubject.computeIfAbsent(event.path("subject").asText(), s -> new ArrayList<>())
                .add(Instant.parse(event.path("time").asText())));
        assertThat(report.started.size()).as("global budget per hour").isLessThanOrEqualTo(BUDGET_PER_HOUR);
        startsBySubject.forEach((subject, times) ->
                assertThat(times.size()).as("runs on %s in the hour", subject).isLessThanOrEqualTo(PER_TARGET_PER_HOUR));
        // Cooldowns are read from the ledger: its entries hold the instants the engine decided and recorded each
        // start (an event's time is when it was published, a ledger write later, so a few ms apart either way).
        assertThat(report.recordedStarts.values().stream().mapToInt(List::size).sum()).as("starts in the ledger")
                .isEqualTo(report.started.size());
        report.recordedStarts.forEach((subject, times) -> {
            for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i))).as("cooldown on %s", subject)
                        .isGreaterThanOrEqualTo(COOLDOWN);
            }
        });
        for (int t = 0; t < TARGETS; t++) {
            String subject = "redis/t" + t;
            int started = startsBySubject.getOrDefault(subject, List.of()).size();
            long verified = report.verifiedBySubject.getOrDefault(subject, 0L);
            long runs = report.runsOnRedis.get(t);
            assertThat(runs).as("keys evicted from %s: never more runs than durable starts, never fewer than verifications",
                    subject).isBetween(verified, (long) started);
        }
    }

    private static String decision(JsonNode event) {
        JsonNode data = event.path("data");
        return data.path("incidentId").asText() + "#" + data.path("incidentVersion").asText() + "#" + data.path("playbook").asText();
    }

    /** Until streams and the remediator have committed past everything, and again after the remediator's feedback. */
    private static void settle(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            await("the pipeline catches up").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    GroupProgress.caughtUp(admin, "crash-streams", List.of(TOPICS.alerts().name(), TOPICS.remediations().name()))
                            && GroupProgress.caughtUp(admin, "crash-remediator", List.of(TOPICS.incidents().name()))
                            && GroupProgress.caughtUp(admin, "crash-remediator-plans", List.of(TOPICS.remediationPlans().name()))
                            && everyStartedActionEnded(bootstrap));
        }
    }

    private static boolean everyStartedActionEnded(String bootstrap) throws Exception {
        Report events = new Report(bootstrap, -1);
        return events.ended.containsAll(events.startedDecisions());
    }

    /** What the topics and Redis say once everything settled ({@code redisPort} -1: the remediation events only). */
    private static final class Report {

        final Set<Long> alertSeqs = ConcurrentHashMap.newKeySet();
        final Set<Long> seqsOnIncidents = ConcurrentHashMap.newKeySet();
        final Map<String, List<Integer>> versionsById = new TreeMap<>();
        final List<JsonNode> started = new ArrayList<>();
        final Set<String> ended = ConcurrentHashMap.newKeySet();
        final Map<String, Long> verifiedBySubject = new HashMap<>();
        final List<Long> runsOnRedis = new ArrayList<>();
        /** From the latest ledger entry of each subject: when each action in the last hour was recorded as started. */
        final Map<String, List<Instant>> recordedStarts = new TreeMap<>();
        long versions;
        long verified;

        Report(String bootstrap, int redisPort) throws Exception {
            if (redisPort > 0) {
                for (ConsumerRecord<String, byte[]> record : read(bootstrap, TOPICS.alerts().name())) {
                    alertSeqs.add(Json.mapper().readTree(record.value()).path("labels").path("seq").asLong());
                }
                Map<String, JsonNode> latest = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : read(bootstrap, TOPICS.incidents().name())) {
                    JsonNode incident = Json.mapper().readTree(record.value());
                    versionsById.computeIfAbsent(record.key(), id -> new ArrayList<>()).add(incident.path("version").asInt());
                    latest.put(record.key(), incident);
                    versions++;
                }
                latest.values().forEach(incident -> incident.path("alerts").forEach(alert ->
                        seqsOnIncidents.add(alert.path("labels").path("seq").asLong())));
                Map<String, JsonNode> ledger = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : read(bootstrap, TOPICS.ledger().name())) {
                    ledger.put(record.key(), Json.mapper().readTree(record.value()));
                }
                ledger.forEach((subject, entry) -> entry.path("recentActions").forEach(action -> recordedStarts
                        .computeIfAbsent(subject, s -> new ArrayList<>()).add(Instant.parse(action.path("at").asText()))));
                recordedStarts.values().forEach(Collections::sort);
            }
            for (ConsumerRecord<String, byte[]> record : read(bootstrap, TOPICS.remediations().name())) {
                JsonNode event = Json.mapper().readTree(record.value());
                String type = event.path("type").asText();
                if (type.endsWith(".started")) {
                    started.add(event);
                } else if (type.endsWith(".verified") || type.endsWith(".failed")) {
                    ended.add(decision(event));
                    if (type.endsWith(".verified")) {
                        verified++;
                        verifiedBySubject.merge(event.path("subject").asText(), 1L, Long::sum);
                    }
                }
            }
            if (redisPort > 0) {
                RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", redisPort));
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    for (int t = 0; t < TARGETS; t++) {
                        connection.sync().select(t);
                        runsOnRedis.add(KEYS_PER_TARGET - connection.sync().dbsize());
                    }
                } finally {
                    client.shutdown();
                }
            }
        }

        Set<String> startedDecisions() {
            Set<String> decisions = new java.util.TreeSet<>();
            started.forEach(event -> decisions.add(decision(event)));
            return decisions;
        }

        long runsOnRedis() {
            return runsOnRedis.stream().mapToLong(Long::longValue).sum();
        }

        private static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic) {
            return TopicContents.readAll(bootstrap, topic, new StringDeserializer(), new ByteArrayDeserializer());
        }
    }

    /** Posts one alert every 50 ms, each on one of the targets' services, and notes which ones got a 200. */
    private void startLoad(URI webhook) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        load = Executors.newSingleThreadScheduledExecutor();
        load.scheduleAtFixedRate(() -> {
            long seq = sent.getAndIncrement();
            int target = (int) (seq % TARGETS);
            String body = """
                    {"version":"4","status":"firing","receiver":"quell","alerts":[{"status":"firing",
                      "startsAt":"%s","labels":{"alertname":"RedisMemoryHigh","severity":"warning",
                      "namespace":"crash","service":"cache-%d","redis":"t%d","seq":"%d"}}]}
                    """.formatted(Instant.now(), target, target, seq);
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    acknowledged.put(seq, true);
                }
            } catch (IOException e) {
                // not acknowledged: the sender would retry; the test only holds Quell to what it acknowledged
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    private Path remediatorConfig(int redisPort) throws IOException {
        Path playbooks = Files.writeString(work.resolve("playbooks.yml"), """
                playbooks:
                  - name: redis-evict-one
                    match:
                      alertnames: [RedisMemoryHigh]
                    action: redis.evict-lru
                    target: "redis/{{labels.redis}}"
                    params:
                      pattern: "session:*"
                      maxKeys: 1
                      usedMemoryBelow: 1GB
                    bounds:
                      cooldown: %ds
                      max_per_hour: %d
                      max_per_hour_per_target: %d
                    verify:
                      timeout: 10s
                      interval: 200ms
                """.formatted(COOLDOWN.toSeconds(), BUDGET_PER_HOUR, PER_TARGET_PER_HOUR));
        StringBuilder targets = new StringBuilder();
        for (int t = 0; t < TARGETS; t++) {
            targets.append("      t").append(t).append(":\n")
                    .append("        host: 127.0.0.1\n        port: ").append(redisPort).append('\n')
                    .append("        database: ").append(t).append('\n')
                    .append("        allowed-patterns: \"session:*\"\n");
        }
        return Files.writeString(work.resolve("remediator.yml"), """
                quell:
                  remediator:
                    mode: enforce
                    group-id: crash-remediator
                    budget-per-hour: %d
                    playbooks-file: %s
                  targets:
                    redis:
                %s""".formatted(BUDGET_PER_HOUR, playbooks, targets));
    }

    private static void plantKeys(int redisPort) {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", redisPort));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            for (int t = 0; t < TARGETS; t++) {
                connection.sync().select(t);
                for (int k = 0; k < KEYS_PER_TARGET; k++) {
                    connection.sync().set("session:" + t + ":" + k, "x".repeat(100));
                }
            }
        } finally {
            client.shutdown();
        }
    }

    private ServiceProcess service(String module, int port, Map<String, String> common, Map<String, String> own) {
        Map<String, String> environment = new HashMap<>(common);
        environment.putAll(own);
        environment.put("QUELL_HTTP_PORT", Integer.toString(port));
        return new ServiceProcess(module, List.of(java(), "-Xmx384m", "-jar", jar(module + "/target/quell-" + module + ".jar")),
                environment, work, URI.create("http://127.0.0.1:" + port + "/health/readiness"));
    }

    private ServiceProcess started(ServiceProcess process, String readyLine) throws IOException {
        processes.add(process);
        return process.start(readyLine);
    }

    private static String jar(String path) {
        Path jar = ROOT.resolve(path);
        assertThat(jar).as("built by the package phase").isRegularFile();
        return jar.toString();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
