package dev.quell.standalone.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.kafka.TopicContents;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.topics.Topics;
import java.io.IOException;
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

    private Harness harness;
    private final Map<Long, Boolean> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private ScheduledExecutorService load;

    @AfterEach
    void stopEverything() throws Exception {
        if (load != null) {
            load.shutdownNow();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void shouldLoseNoAcknowledgedAlertRepeatNoIncidentVersionAndRunNoActionTwiceWhenProcessesAreKilled() throws Exception {
        harness = new Harness(work, Harness.logs("crash-it"));
        TestRedis redis = new TestRedis(harness.redis(16));
        for (int t = 0; t < TARGETS; t++) {
            redis.plant(t, "session:", KEYS_PER_TARGET);
        }
        int kafkaPort = Harness.freePort();
        String bootstrap = "127.0.0.1:" + kafkaPort;
        ServiceProcess broker = harness.broker(kafkaPort);
        harness.topics(bootstrap, PREFIX, 3);

        Map<String, String> common = Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "QUELL_TOPICS_PREFIX", PREFIX);
        int ingestPort = Harness.freePort();
        harness.service("ingest", ingestPort, common);
        int streamsPort = Harness.freePort();
        ServiceProcess streams = harness.service("streams", streamsPort, with(common, Map.of(
                "QUELL_STREAMS_APPLICATION_ID", "crash-streams",
                "QUELL_STREAMS_STATE_DIR", work.resolve("streams-state").toString(),
                "QUELL_STREAMS_ADVERTISED_URL", "http://127.0.0.1:" + streamsPort)));
        ServiceProcess remediator = harness.service("remediator", Harness.freePort(), with(common, Map.of(
                "MICRONAUT_CONFIG_FILES", remediatorConfig(redis.port()).toString())));

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
                victim.start(victim == broker ? Harness.BROKER_READY : null);
            }
        }
        long beforeStop = acknowledged.size();
        await("load after the last restart").atMost(Duration.ofSeconds(90)).until(() -> acknowledged.size() >= beforeStop + 20);
        load.shutdown();
        assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        settle(bootstrap);

        Incidents incidents = new Incidents(bootstrap);
        RemediationRecord remediation = new RemediationRecord(bootstrap, TOPICS);
        long runs = 0;
        for (int t = 0; t < TARGETS; t++) {
            long runsOnTarget = KEYS_PER_TARGET - redis.count(t, "session:*");
            runs += runsOnTarget;
            remediation.assertRunsOnTarget("redis/t" + t, runsOnTarget);
        }
        System.out.printf("crash test: seed %d, %d rounds, kills %s; %d alerts sent, %d acknowledged; %d incident versions;"
                        + " %d actions started, %d verified, %d runs on Redis%n", SEED, ROUNDS, kills, sent.get(),
                acknowledged.size(), incidents.versions, remediation.started.size(),
                remediation.verifiedBySubject.values().stream().mapToLong(Long::longValue).sum(), runs);

        assertThat(acknowledged).hasSizeGreaterThan(100);
        assertThat(incidents.alertSeqs).as("acknowledged alerts on quell.alerts.v1").containsAll(acknowledged.keySet());
        assertThat(incidents.seqsOnIncidents).as("acknowledged alerts on their incident").containsAll(acknowledged.keySet());
        assertThat(incidents.versionsById).hasSize(TARGETS);
        incidents.versionsById.forEach((id, versions) -> {
            List<Integer> expected = new ArrayList<>();
            for (int v = 1; v <= versions.size(); v++) {
                expected.add(v);
            }
            assertThat(versions).as("versions of %s, each once", id).isEqualTo(expected);
        });
        assertThat(remediation.started).as("actions ran").isNotEmpty();
        remediation.assertNoActionTwiceAndBoundsHeld(BUDGET_PER_HOUR, PER_TARGET_PER_HOUR, COOLDOWN);
    }

    /** Until streams and the remediator have committed past everything, and every started action ended. */
    private static void settle(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            await("the pipeline catches up").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(Backlog.of(admin, bootstrap, TOPICS, Map.of(
                            "crash-streams", List.of(TOPICS.alerts().name(), TOPICS.remediations().name()),
                            "crash-remediator", List.of(TOPICS.incidents().name()),
                            "crash-remediator-plans", List.of(TOPICS.remediationPlans().name())))).as("not caught up").isEmpty());
        }
    }

    /** The alerts and incident versions on the topics once everything settled. */
    private static final class Incidents {

        final Set<Long> alertSeqs = ConcurrentHashMap.newKeySet();
        final Set<Long> seqsOnIncidents = ConcurrentHashMap.newKeySet();
        final Map<String, List<Integer>> versionsById = new TreeMap<>();
        long versions;

        Incidents(String bootstrap) throws IOException {
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
        return Files.writeString(work.resolve("remediator.yml"), """
                quell:
                  remediator:
                    mode: enforce
                    group-id: crash-remediator
                    budget-per-hour: %d
                    playbooks-file: %s
                  targets:
                    redis:
                %s""".formatted(BUDGET_PER_HOUR, playbooks, new TestRedis(redisPort).targets(TARGETS)));
    }

    private static Map<String, String> with(Map<String, String> common, Map<String, String> own) {
        Map<String, String> environment = new HashMap<>(common);
        environment.putAll(own);
        return environment;
    }
}
