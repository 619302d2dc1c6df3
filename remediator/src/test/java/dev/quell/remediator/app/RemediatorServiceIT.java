package dev.quell.remediator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.kafka.SharedTestBroker;
import dev.quell.kafka.TopicContents;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import dev.quell.schemas.events.Severity;
import dev.quell.schemas.incidents.IncidentIds;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remediator as a service, against the real broker and the real PostgreSQL: an incident in,
 * idle connections killed and verified, every step on the events topic; a redelivery changes
 * nothing; a restart restores the cooldown, and an approval request still waiting, from the ledger topic.
 */
class RemediatorServiceIT {

    private final Topics topics = new Topics("remediator-it-" + System.nanoTime() + ".", 3);
    private final List<Connection> sessions = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** A session of {@code app_user}, idle long enough for the playbook's {@code idleFor}. */
    private Connection idle;

    @BeforeEach
    void topicsAndAnIdleSession() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).ensure(topics, 30_000);
        }
        idle = idleSession();
        awaitIdleFor(2);
    }

    @AfterEach
    void closeSessions() {
        sessions.forEach(session -> {
            try {
                session.close();
            } catch (SQLException ignored) {
                // terminated by the remediator
            }
        });
    }

    @Test
    void shouldKillIdleConnectionsOnceAndKeepTheCooldownAcrossARestart() throws Exception {
        Map<String, Object> properties = properties("enforce");
        Incident incident = incident(1);

        try (EmbeddedServer first = ApplicationContext.run(EmbeddedServer.class, properties)) {
            produce(incident);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(phases(incident.id())).containsExactly(RemediationPhase.PLANNED, RemediationPhase.STARTED,
                            RemediationPhase.SUCCEEDED, RemediationPhase.VERIFIED));
            assertThat(alive(idle)).isFalse();

            produce(incident); // a redelivery of the same version
            HttpResponse<String> api = http.send(HttpRequest.newBuilder(
                    URI.create(first.getURL() + "/api/v1/remediations?incident=" + incident.id())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(Json.mapper().readTree(api.body()).get("events")).hasSize(4);
            JsonNode newestTwo = Json.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(first.getURL()
                    + "/api/v1/remediations?limit=2&incident=" + incident.id())).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(newestTwo.get("events")).extracting(event -> event.get("type").asText())
                    .containsExactly("dev.quell.remediation.verified", "dev.quell.remediation.succeeded");
            assertThat(newestTwo.get("truncated").asBoolean()).isTrue();
            HttpResponse<String> badLimit = http.send(HttpRequest.newBuilder(URI.create(first.getURL()
                    + "/api/v1/remediations?limit=all")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(badLimit.statusCode()).isEqualTo(400);
            assertThat(badLimit.body()).contains("limit must be a whole number from 1 to 10000, got 'all'");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String readiness = http.send(HttpRequest.newBuilder(URI.create(first.getURL() + "/health/readiness"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(readiness).contains("\"postgres/main\":\"reachable\"").doesNotContain("sentinel-db-password");
            });
        }

        try (EmbeddedServer restarted = ApplicationContext.run(EmbeddedServer.class, properties)) {
            produceTombstone(incident.id()); // read before version 2: the same key, the same partition
            produce(incident(2));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(events(incident.id())).last().satisfies(event -> {
                        assertThat(event.phase()).isEqualTo(RemediationPhase.SKIPPED);
                        assertThat(event.data().reason()).startsWith("cooldown:");
                    }));
            assertThat(phases(incident.id())).filteredOn(phase -> phase == RemediationPhase.STARTED).hasSize(1);
            assertThat(TopicContents.readAll(SharedTestBroker.bootstrapServers(), topics.deadLetters().name(),
                    topics.deadLetters().keySerde().deserializer(), topics.deadLetters().valueSerde().deserializer()))
                    .as("an incident's tombstone is no dead letter").isEmpty();
            assertThat(restarted.isRunning()).isTrue();
        }
    }

    @Test
    void shouldDeadLetterAnIncidentWhosePlanIsTooLargeForKafkaAndPlanTheNextOne() throws Exception {
        // a topic that takes 4 MB records, as a cluster configured so may: the plan, which carries the incident
        // whole, is then too large for the remediator's producer (1 MiB)
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topics.incidents().name()),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "4194304"), AlterConfigOp.OpType.SET))))
                    .all().get();
        }
        Instant opened = Instant.parse("2026-11-20T08:00:00Z");
        Map<String, String> labels = Map.of("alertname", "DatabasePoolExhausted", "severity", "critical",
                "job", "dpa-api", "blob", "b".repeat(500_000), "blob2", "c".repeat(500_000), "blob3", "d".repeat(500_000));
        Incident huge = new Incident(IncidentIds.of("-/huge-" + topics.alerts().name(), opened), 1, "-/huge",
                IncidentStatus.OPEN, Severity.P1, List.of(), opened.plusSeconds(3600), false, opened, Instant.now(), null,
                List.of(new Incident.Alert("2221874123c63b4e", "DatabasePoolExhausted", AlertStatus.FIRING, labels,
                        opened, false)), List.of(), false);

        try (EmbeddedServer remediator = ApplicationContext.run(EmbeddedServer.class, properties("dry-run"))) {
            produce(huge, 4_194_304);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(TopicContents.readAll(SharedTestBroker.bootstrapServers(), topics.deadLetters().name(),
                            topics.deadLetters().keySerde().deserializer(), topics.deadLetters().valueSerde().deserializer()))
                            .extracting(record -> record.value().reason())
                            .anySatisfy(reason -> assertThat(reason).contains("pool-exhausted-kill-idle-connections",
                                    "too large for a Kafka record")));

            Incident next = incident(1);
            produce(next);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(phases(next.id())).as("planning goes on after it").contains(RemediationPhase.PLANNED));
            assertThat(events(huge.id())).isEmpty();
        }
    }

    @Test
    void shouldAnswerAnApprovalRequestMadeBeforeARestart() throws Exception {
        Map<String, Object> properties = properties("approval");
        Incident incident = incident(1);

        try (EmbeddedServer first = ApplicationContext.run(EmbeddedServer.class, properties)) {
            produce(incident);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(phases(incident.id()))
                    .containsExactly(RemediationPhase.PLANNED, RemediationPhase.AWAITING_APPROVAL));
        }
        String approval = events(incident.id()).get(1).id();

        try (EmbeddedServer restarted = ApplicationContext.run(EmbeddedServer.class, properties)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    status(restarted).get("approvalsHeldHere").toString()).contains(approval));

            HttpResponse<String> approved = approve(restarted, approval);

            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            assertThat(Json.mapper().readTree(approved.body()).get("decision").asText()).isEqualTo("run");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(phases(incident.id())).containsExactly(
                    RemediationPhase.PLANNED, RemediationPhase.AWAITING_APPROVAL, RemediationPhase.STARTED,
                    RemediationPhase.SUCCEEDED, RemediationPhase.VERIFIED));
            assertThat(alive(idle)).isFalse();
        }
    }

    @Test
    void shouldCarryAnApprovalAnsweredOnAReplicaThatDoesNotOwnTheTargetToTheOneThatDoes() throws Exception {
        Map<String, Object> properties = properties("approval");
        Incident incident = incident(1);

        try (EmbeddedServer a = ApplicationContext.run(EmbeddedServer.class, properties);
             EmbeddedServer b = ApplicationContext.run(EmbeddedServer.class, properties)) {
            produce(incident);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(phases(incident.id()))
                    .containsExactly(RemediationPhase.PLANNED, RemediationPhase.AWAITING_APPROVAL));
            String approval = events(incident.id()).get(1).id();
            List<EmbeddedServer> holders = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                holders.clear();
                for (EmbeddedServer replica : List.of(a, b)) {
                    JsonNode status = status(replica);
                    assertThat(status.get("pendingApprovals").has(approval)).as("every replica lists it").isTrue();
                    if (status.get("approvalsHeldHere").toString().contains(approval)) {
                        holders.add(replica);
                    }
                }
                return holders.size() == 1;
            });
            EmbeddedServer other = holders.get(0) == a ? b : a;

            HttpResponse<String> answered = approve(other, approval);

            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);
            assertThat(Json.mapper().readTree(answered.body()).get("decision").asText()).isEqualTo("forwarded");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(phases(incident.id())).containsExactly(
                    RemediationPhase.PLANNED, RemediationPhase.AWAITING_APPROVAL, RemediationPhase.STARTED,
                    RemediationPhase.SUCCEEDED, RemediationPhase.VERIFIED));
            assertThat(alive(idle)).isFalse();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Json.mapper().readTree(http.send(
                    HttpRequest.newBuilder(URI.create(other.getURL() + "/api/v1/remediations?incident=" + incident.id()))
                            .build(), HttpResponse.BodyHandlers.ofString()).body()).get("events").get(0).get("type").asText())
                    .as("the replica asked shows what the other one did").isEqualTo("dev.quell.remediation.verified"));
            assertThat(approve(other, approval).statusCode()).as("decided: no longer open anywhere").isEqualTo(404);
        }
    }

    private HttpResponse<String> approve(EmbeddedServer replica, String approval) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(replica.getURL() + "/api/v1/remediations/" + approval
                + "/approve")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode status(EmbeddedServer replica) throws Exception {
        return Json.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(replica.getURL() + "/api/v1/remediator"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private Map<String, Object> properties(String mode) throws Exception {
        Path playbooks = dir.resolve("playbooks.yml");
        Files.writeString(playbooks, """
                playbooks:
                  - name: pool-exhausted-kill-idle-connections
                    match: {alertnames: [DatabasePoolExhausted], min_severity: P2}
                    action: postgres.kill-idle-connections
                    target: postgres/main
                    params: {idleFor: 2s, maxConnections: 50, excludeUsers: batch_user}
                    bounds: {cooldown: 30m, max_per_hour: 5, max_per_hour_per_target: 5}
                    verify: {timeout: 20s, interval: 1s}
                """);
        Map<String, Object> properties = new HashMap<>();
        properties.put("kafka.bootstrap.servers", SharedTestBroker.bootstrapServers());
        properties.put("quell.topics.prefix", topics.alerts().name().replace("quell.alerts.v1", ""));
        properties.put("quell.remediator.mode", mode);
        properties.put("quell.remediator.group-id", "remediator-it-" + System.nanoTime());
        properties.put("quell.remediator.playbooks-file", playbooks.toString());
        properties.put("quell.targets.postgres.main.url", "jdbc:postgresql://127.0.0.1:5432/test");
        properties.put("quell.targets.postgres.main.username", "quell_remediator");
        properties.put("quell.targets.postgres.main.password", "sentinel-db-password-7e2a");
        properties.put("micronaut.server.port", -1);
        return properties;
    }

    private Incident incident(long version) {
        Instant opened = Instant.parse("2026-11-20T08:00:00Z");
        Map<String, String> labels = Map.of("alertname", "DatabasePoolExhausted", "severity", "critical", "job", "dpa-api");
        return new Incident(IncidentIds.of("-/dpa-api-" + topics.alerts().name(), opened), version, "-/dpa-api",
                IncidentStatus.OPEN, Severity.P1, List.of(), opened.plusSeconds(3600), false, opened, Instant.now(), null,
                List.of(new Incident.Alert("2221874123c63b4d", "DatabasePoolExhausted", AlertStatus.FIRING, labels,
                        opened, false)), List.of(), false);
    }

    private void produce(Incident incident) throws Exception {
        produce(incident, 1_048_576);
    }

    private void produce(Incident incident, int maxRequestSize) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestSize);
        try (KafkaProducer<String, Incident> producer = new KafkaProducer<>(props,
                topics.incidents().keySerde().serializer(), topics.incidents().valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topics.incidents().name(), incident.id(), incident)).get();
        }
    }

    private void produceTombstone(String incidentId) throws Exception {
        try (KafkaProducer<String, Incident> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers()),
                topics.incidents().keySerde().serializer(), topics.incidents().valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topics.incidents().name(), incidentId, null)).get();
        }
    }

    private List<RemediationPhase> phases(String incidentId) {
        return events(incidentId).stream().map(RemediationEvent::phase).toList();
    }

    private List<RemediationEvent> events(String incidentId) {
        return TopicContents.readAll(SharedTestBroker.bootstrapServers(), topics.remediations().name(),
                        topics.remediations().keySerde().deserializer(), topics.remediations().valueSerde().deserializer())
                .stream().filter(record -> record.key().equals(incidentId)).map(record -> record.value()).toList();
    }

    private Connection idleSession() throws SQLException {
        try (Connection admin = open("postgres"); Statement sql = admin.createStatement()) {
            for (String role : List.of("quell_remediator", "app_user", "batch_user")) {
                sql.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role
                        + "') THEN CREATE ROLE " + role + " LOGIN; END IF; END $$");
            }
            sql.execute("GRANT pg_signal_backend, pg_read_all_stats TO quell_remediator");
        }
        Connection session = open("app_user");
        try (Statement sql = session.createStatement()) {
            sql.execute("SELECT 1");
        }
        sessions.add(session);
        return session;
    }

    private static void awaitIdleFor(int seconds) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            try (Connection admin = open("postgres"); Statement sql = admin.createStatement();
                 var rows = sql.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'idle'"
                         + " AND usename = 'app_user' AND state_change < now() - interval '" + seconds + " seconds'")) {
                rows.next();
                return rows.getInt(1) > 0;
            }
        });
    }

    private static boolean alive(Connection session) {
        try (Statement sql = session.createStatement()) {
            sql.execute("SELECT 1");
            return true;
        } catch (SQLException terminated) {
            return false;
        }
    }

    private static Connection open(String user) throws SQLException {
        Properties props = new Properties();
        props.put("user", user);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", props);
    }
}
