package dev.quell.standalone.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.Severity;
import dev.quell.schemas.incidents.IncidentIds;
import dev.quell.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remediation storm against the remediator as its own process, acting in enforce mode on a Redis
 * server of the test's own: 1,000 flapping incidents (opened, resolved, reopened) over 50 targets,
 * five of which never pass verification, plus incidents whose labels name targets that are not
 * configured (or carry SQL, shell and path syntax) — with the remediator killed with SIGKILL in the
 * middle of the storm and started again. Afterwards, from the events topic, the ledger and Redis:
 * no decision started twice, every start ended, the global, per-target and cooldown bounds held,
 * nothing ran outside the configured targets and their key allowlist, and every target that failed
 * verification twice was escalated.
 */
@Tag("crash")
class StormIT {

    private static final String PREFIX = "storm.";
    private static final Topics TOPICS = new Topics(PREFIX, 3);
    private static final int TARGETS = 50;
    private static final Set<Integer> FAILING = Set.of(45, 46, 47, 48, 49);
    private static final int INCIDENTS = 1_000;
    private static final int SESSION_KEYS = 20;
    private static final int KEPT_KEYS = 5;
    private static final int BUDGET_PER_HOUR = 80;
    private static final int PER_TARGET = 2;
    private static final int PER_FAILING_TARGET = 4;
    private static final Duration COOLDOWN = Duration.ofSeconds(1);
    private static final List<String> HOSTILE_LABELS = List.of("t99", "../../etc/passwd", "t1;FLUSHALL", "$(reboot)",
            "t1' OR '1'='1", "redis/t2");
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    @TempDir
    Path work;

    private Harness harness;

    @AfterEach
    void stopEverything() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void shouldKeepEveryBoundAndAllowlistAndRunNothingTwiceThroughAStormWithARemediatorCrash() throws Exception {
        harness = new Harness(work, Harness.logs("storm-it"));
        TestRedis redis = new TestRedis(harness.redis(64));
        for (int db = 0; db < TARGETS; db++) {
            redis.plant(db, "session:", SESSION_KEYS);
            redis.plant(db, "keep:", KEPT_KEYS);
        }
        redis.plant(TARGETS, "session:", SESSION_KEYS); // a database no target names
        int kafkaPort = Harness.freePort();
        String bootstrap = "127.0.0.1:" + kafkaPort;
        harness.broker(kafkaPort);
        harness.topics(bootstrap, PREFIX, 3);
        ServiceProcess remediator = harness.service("remediator", Harness.freePort(), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap, "QUELL_TOPICS_PREFIX", PREFIX,
                "MICRONAUT_CONFIG_FILES", remediatorConfig(redis.port()).toString()));

        List<Incident> storm = storm(new Random(11));
        int half = storm.size() / 2;
        try (KafkaProducer<String, Incident> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                TOPICS.incidents().keySerde().serializer(), TOPICS.incidents().valueSerde().serializer())) {
            send(producer, storm.subList(0, half));
            await("the remediator acts in the storm").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> new RemediationRecord(bootstrap, TOPICS).started.size() >= 20);
            remediator.kill();
            send(producer, storm.subList(half, storm.size()));
            remediator.start();
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            await("the remediator decides the whole storm").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(Backlog.of(admin, bootstrap, TOPICS, Map.of(
                            "storm-remediator", List.of(TOPICS.incidents().name()),
                            "storm-remediator-plans", List.of(TOPICS.remediationPlans().name())))).as("not caught up").isEmpty());
        }

        RemediationRecord record = new RemediationRecord(bootstrap, TOPICS);
        System.out.printf("storm: %d incident versions of %d incidents over %d targets; %d events, %d started, %d verified,"
                        + " %d not verified, %d interrupted by the kill, escalated %s%n", storm.size(), INCIDENTS, TARGETS,
                record.events.size(), record.started.size(),
                record.verifiedBySubject.values().stream().mapToLong(Long::longValue).sum(),
                record.unverifiedBySubject.values().stream().mapToLong(Long::longValue).sum(), record.interrupted,
                record.escalatedSubjects);

        assertThat(record.started).as("actions ran").hasSizeGreaterThan(20);
        record.assertNoActionTwiceAndBoundsHeld(BUDGET_PER_HOUR, PER_FAILING_TARGET, COOLDOWN);
        Set<String> configured = new TreeSet<>();
        for (int t = 0; t < TARGETS; t++) {
            String subject = "redis/t" + t;
            configured.add(subject);
            if (!FAILING.contains(t)) {
                assertThat(record.startsBySubject().getOrDefault(subject, 0)).as("runs on %s", subject).isLessThanOrEqualTo(PER_TARGET);
            }
            record.assertRunsOnTarget(subject, SESSION_KEYS - redis.count(t, "session:*"));
            assertThat(redis.count(t, "keep:*")).as("keys outside the allowlist of %s", subject).isEqualTo(KEPT_KEYS);
        }
        assertThat(record.startsBySubject().keySet()).as("subjects acted on").isSubsetOf(configured);
        assertThat(redis.count(TARGETS, "session:*")).as("a database no target names").isEqualTo(SESSION_KEYS);
        assertThat(record.events).as("incidents naming unconfigured or hostile targets were skipped, never started")
                .filteredOn(event -> event.path("data").path("incidentId").asText().contains(hostileKeyMarker()))
                .isNotEmpty()
                .allSatisfy(event -> assertThat(RemediationRecord.phase(event)).isEqualTo("skipped"));
        record.unverifiedBySubject.forEach((subject, failures) -> {
            if (failures >= 2) { // quell.remediator.failures-to-block, by default
                assertThat(record.escalatedSubjects).as("%s failed verification %d times", subject, failures).contains(subject);
            }
        });
        assertThat(record.escalatedSubjects).as("escalated").isNotEmpty();
    }

    /** 1,000 incidents, each flapping through 2-4 versions (open, resolved, open, …), in a shuffled interleaving that keeps each incident's order; then the hostile ones. */
    private static List<Incident> storm(Random random) {
        List<List<Incident>> lanes = new ArrayList<>();
        for (int n = 0; n < INCIDENTS; n++) {
            int target = n % TARGETS;
            String key = "storm/cache-" + target + "-" + n;
            Map<String, String> labels = labels(key, "t" + target, FAILING.contains(target));
            List<Incident> versions = new ArrayList<>();
            int count = 2 + random.nextInt(3);
            for (int v = 1; v <= count; v++) {
                versions.add(incident(key, labels, v, v % 2 == 1 ? IncidentStatus.OPEN : IncidentStatus.RESOLVED, v > 2));
            }
            lanes.add(versions);
        }
        for (int h = 0; h < HOSTILE_LABELS.size(); h++) {
            String key = "storm/hostile-" + h;
            lanes.add(List.of(incident(key, labels(key, HOSTILE_LABELS.get(h), false), 1, IncidentStatus.OPEN, false)));
        }
        List<Incident> interleaved = new ArrayList<>();
        List<Integer> next = new ArrayList<>(Collections.nCopies(lanes.size(), 0));
        List<Integer> open = new ArrayList<>();
        for (int lane = 0; lane < lanes.size(); lane++) {
            open.add(lane);
        }
        while (!open.isEmpty()) {
            int pick = random.nextInt(open.size());
            int lane = open.get(pick);
            interleaved.add(lanes.get(lane).get(next.get(lane)));
            next.set(lane, next.get(lane) + 1);
            if (next.get(lane) == lanes.get(lane).size()) {
                open.remove(pick);
            }
        }
        return interleaved;
    }

    private static String hostileKeyMarker() {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("storm/hostile-".getBytes()).substring(0, 16);
    }

    private static Map<String, String> labels(String key, String redisLabel, boolean failing) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "RedisMemoryHigh");
        labels.put("severity", "warning");
        labels.put("namespace", "storm");
        labels.put("service", key.substring("storm/".length()));
        labels.put("redis", redisLabel);
        labels.put("failing", failing ? "yes" : "no");
        return labels;
    }

    private static Incident incident(String key, Map<String, String> labels, int version, IncidentStatus status, boolean flapping) {
        Instant at = T0.plusSeconds(version);
        return new Incident(IncidentIds.of(key, T0), version, key, status, Severity.P2, List.of(), T0.plusSeconds(4 * 3600),
                false, T0, at, status == IncidentStatus.RESOLVED ? at : null,
                List.of(new Incident.Alert("0123456789abcdef", "RedisMemoryHigh",
                        status == IncidentStatus.OPEN ? AlertStatus.FIRING : AlertStatus.RESOLVED, labels, T0, false)),
                List.of(), flapping);
    }

    private static void send(KafkaProducer<String, Incident> producer, List<Incident> versions) throws Exception {
        java.util.concurrent.Future<?> last = null;
        for (Incident incident : versions) {
            last = producer.send(new ProducerRecord<>(TOPICS.incidents().name(), incident.id(), incident));
        }
        producer.flush();
        last.get(30, TimeUnit.SECONDS);
    }

    private Path remediatorConfig(int redisPort) throws Exception {
        Path playbooks = Files.writeString(work.resolve("playbooks.yml"), """
                playbooks:
                  - name: evict-one
                    match:
                      alertnames: [RedisMemoryHigh]
                      matchers: ['failing="no"']
                    action: redis.evict-lru
                    target: "redis/{{labels.redis}}"
                    params: {pattern: "session:*", maxKeys: 1, usedMemoryBelow: 1GB}
                    bounds: {cooldown: %1$ds, max_per_hour: %2$d, max_per_hour_per_target: %3$d}
                    verify: {timeout: 5s, interval: 100ms}
                  - name: evict-one-never-verified
                    match:
                      alertnames: [RedisMemoryHigh]
                      matchers: ['failing="yes"']
                    action: redis.evict-lru
                    target: "redis/{{labels.redis}}"
                    params: {pattern: "session:*", maxKeys: 1, usedMemoryBelow: 1}
                    bounds: {cooldown: %1$ds, max_per_hour: %2$d, max_per_hour_per_target: %4$d}
                    verify: {timeout: 1s, interval: 200ms}
                """.formatted(COOLDOWN.toSeconds(), BUDGET_PER_HOUR, PER_TARGET, PER_FAILING_TARGET));
        return Files.writeString(work.resolve("remediator.yml"), """
                quell:
                  remediator:
                    mode: enforce
                    group-id: storm-remediator
                    budget-per-hour: %d
                    playbooks-file: %s
                  targets:
                    redis:
                %s""".formatted(BUDGET_PER_HOUR, playbooks, new TestRedis(redisPort).targets(TARGETS)));
    }
}
