package dev.quell.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.ecs.LogEvents;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import dev.quell.kafka.SharedTestBroker;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.topics.GroupProgress;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The indexer against the real broker and a real Elasticsearch 8 node: the seeds' Kibana queries
 * find exactly their documents; replays and old incident versions change nothing; a mapping
 * conflict goes to the dead letters without holding up its batch.
 */
class IndexerIT {

    private final IndexerFixture fixture = new IndexerFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void shouldAnswerTheSeedsKibanaQueriesWithExactlyTheirDocuments() throws Exception {
        LogFixture.seedsShortDrama().forEach(document -> fixture.send(fixture.topics.logs().name(), "short-drama",
                logEvent(document)));

        try (EmbeddedServer indexer = fixture.indexer("indexer-" + fixture.run)) {
            String logs = fixture.logsPrefix + "*";
            fixture.awaitCount(logs, "*", LogFixture.seedsShortDrama().size());

            // the seeds' queries, as the saved searches in compose/kibana hold them (language: lucene)
            assertThat(requestIds(logs, KibanaSavedObjects.query("quell-errors-by-namespace")))
                    .isEqualTo(Set.of("r01", "r02", "r09"));
            assertThat(requestIds(logs, KibanaSavedObjects.query("quell-slow-requests")))
                    .isEqualTo(Set.of("r02", "r03", "r05"));
            assertThat(requestIds(logs, KibanaSavedObjects.query("quell-user-actions")))
                    .isEqualTo(Set.of("r01", "r03", "r04"));
            assertThat(requestIds(logs, "response_time: >2000")).isEqualTo(Set.of("r02", "r03", "r05", "r08", "r10", "r11"));
            assertThat(requestIds(logs, "user_id: \"12345\"")).isEqualTo(Set.of("r01", "r03", "r04", "r08", "r10", "r11"));
            assertThat(fixture.search(logs, "quell.correlationKey: \"short-drama-prod/short-drama-api\"")).hasSize(7);
            assertThat(fixture.search(logs, "log.level: ERROR AND service.name: short-drama-api")).hasSize(3);
            assertThat(metrics(indexer)).contains("quell_indexer_documents_total{kind=\"logs\",outcome=\"indexed\"")
                    .contains("quell_indexer_bulk_seconds_count", "kafka_consumer_fetch_manager_records_lag");
            assertThat(get(indexer, "/health/readiness")).contains("\"elasticsearch\":\"green\"");
        }
    }

    @Test
    void shouldIndexALogIntoTheDailyIndexOfItsTimestamp() {
        fixture.send(fixture.topics.logs().name(), "k", logEvent(LogFixture.lineAt("r99", "2026-11-21T23:59:59.500Z",
                "short-drama-prod", "INFO", 10, "1")));

        try (EmbeddedServer ignored = fixture.indexer("indexer-" + fixture.run)) {
            fixture.awaitCount(fixture.logsPrefix + "2026.11.21", "request_id: r99", 1);
        }
    }

    @Test
    void shouldCreateNoDuplicatesWhenATopicIsReplayedFromTheStart() throws Exception {
        LogFixture.seedsShortDrama().forEach(document -> fixture.send(fixture.topics.logs().name(), "k", logEvent(document)));
        String incidentId = "inc-" + fixture.run;
        fixture.send(fixture.topics.incidents().name(), incidentId, IncidentJson.of(incidentId, 1, "P2"));
        fixture.send(fixture.topics.incidents().name(), incidentId, IncidentJson.of(incidentId, 2, "P1"));
        String logs = fixture.logsPrefix + "*";
        int lines = LogFixture.seedsShortDrama().size();

        try (EmbeddedServer first = fixture.indexer("indexer-" + fixture.run)) {
            fixture.awaitCount(logs, "*", lines);
            await().atMost(Duration.ofSeconds(30)).until(() -> incidentVersion(incidentId) == 2);
        }
        try (EmbeddedServer replay = fixture.indexer("replay-" + fixture.run)) { // a new group reads both topics again
            await().atMost(Duration.ofSeconds(60)).until(() -> documentsIndexed(replay, "logs") == lines);
            await().atMost(Duration.ofSeconds(60)).until(() -> metrics(replay).contains("kind=\"incidents\",outcome=\"duplicate\""));
        }
        assertThat(fixture.search(logs, "*")).hasSize(lines);
        assertThat(fixture.search("quell-incidents", "id: \"" + incidentId + "\"")).hasSize(1);
        assertThat(incidentVersion(incidentId)).isEqualTo(2);
    }

    @Test
    void shouldNeverLetAnOlderIncidentVersionOverwriteANewerOne() throws Exception {
        String incidentId = "inc-" + fixture.run;
        fixture.send(fixture.topics.incidents().name(), incidentId, IncidentJson.of(incidentId, 5, "P0"));
        fixture.send(fixture.topics.incidents().name(), incidentId, IncidentJson.of(incidentId, 4, "P3"));

        try (EmbeddedServer indexer = fixture.indexer("indexer-" + fixture.run)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> metrics(indexer).contains("kind=\"incidents\",outcome=\"duplicate\""));
        }
        assertThat(incidentVersion(incidentId)).isEqualTo(5);
        assertThat(fixture.search("quell-incidents", "id: \"" + incidentId + "\"")).singleElement()
                .satisfies(incident -> assertThat(incident.get("severity").asText()).isEqualTo("P0"));
    }

    @Test
    void shouldKeepAnIncidentSearchableWhenItsTombstoneComesAndCountNoDeadLetter() throws Exception {
        String incidentId = "inc-" + fixture.run + "-gone";
        fixture.send(fixture.topics.incidents().name(), incidentId, IncidentJson.of(incidentId, 3, "P2"));
        fixture.send(fixture.topics.incidents().name(), incidentId, null); // past its retention, for compaction

        try (EmbeddedServer indexer = fixture.indexer("indexer-" + fixture.run)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> metrics(indexer).contains("kind=\"incidents\",outcome=\"tombstone\""));
            assertThat(metrics(indexer)).doesNotContain("source=\"indexer.incidents\"");
        }
        assertThat(incidentVersion(incidentId)).isEqualTo(3);
    }

    @Test
    void shouldCommitPastTheCommitMarkerOfATransactionalTopicOnceItsRecordsAreIndexed() throws Exception {
        String incidentId = "inc-" + fixture.run + "-tx";
        String incidents = fixture.topics.incidents().name();
        fixture.sendInTransaction(incidents, incidentId, IncidentJson.of(incidentId, 1, "P1"));
        String group = "indexer-" + fixture.run;

        try (EmbeddedServer ignored = fixture.indexer(group);
             Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            fixture.awaitCount("quell-incidents", "id: \"" + incidentId + "\"", 1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(GroupProgress.lag(admin, group, List.of(incidents)))
                            .as("records of %s not committed past, its commit marker included", incidents).isZero());
        }
    }

    @Test
    void shouldDeadLetterAMappingConflictAndIndexTheRestOfItsBatch() {
        String logs = fixture.logsPrefix + "*";
        fixture.send(fixture.topics.logs().name(), "k", logEvent(LogFixture.withUser("r1", "\"alice\"")));
        fixture.send(fixture.topics.logs().name(), "k", logEvent(LogFixture.withUser("r2", "{\"name\": \"bob\"}")));
        fixture.send(fixture.topics.logs().name(), "k", logEvent(LogFixture.withUser("r3", "\"carol\"")));

        try (EmbeddedServer ignored = fixture.indexer("indexer-" + fixture.run)) {
            fixture.awaitCount(logs, "*", 2);
            fixture.awaitCount("quell-deadletter", "source: indexer.logs AND payload: \"" + fixture.run + "\"", 1);
        }
        assertThat(requestIds(logs, "*")).isEqualTo(Set.of("r1", "r3"));
        ObjectNode letter = fixture.search("quell-deadletter", "source: indexer.logs AND payload: \"" + fixture.run + "\"")
                .get(0);
        assertThat(letter.get("reason").asText()).startsWith("Elasticsearch refused it (400 document_parsing_exception)")
                .contains("user");
        assertThat(letter.get("payload").asText()).contains("\"request_id\":\"r2\"");
    }

    @Test
    void shouldIndexALogOfMoreFieldsThanTheIndexMapsKeepingTheRestInItsSource() {
        String logs = fixture.logsPrefix + "*";
        ObjectNode wide = LogFixture.line("r-wide", "wide-ns", "short-drama-api", "INFO", 10, "1");
        for (int i = 0; i < 2_500; i++) { // the index maps at most 2,000 fields
            wide.put("field_" + i, "v" + i);
        }
        fixture.send(fixture.topics.logs().name(), "k", logEvent(wide));
        fixture.send(fixture.topics.logs().name(), "k", logEvent(LogFixture.line("r-after", "wide-ns", "short-drama-api",
                "INFO", 10, "1").put("a_field_never_seen", "x")));

        try (EmbeddedServer ignored = fixture.indexer("indexer-" + fixture.run)) {
            fixture.awaitCount(logs, "*", 2);
        }
        assertThat(requestIds(logs, "kubernetes.namespace: wide-ns")).isEqualTo(Set.of("r-wide", "r-after"));
        ObjectNode indexed = fixture.search(logs, "request_id: r-wide").get(0);
        assertThat(indexed.get("field_2499").asText()).as("unmapped, kept in _source").isEqualTo("v2499");
        assertThat(fixture.search("quell-deadletter", "source: indexer.logs AND payload: \"" + fixture.run + "\""))
                .as("until 2026-12-08 refused: Limit of total fields [2000] has been exceeded").isEmpty();
    }

    @Test
    void shouldAnswerTheSavedSearchesOfIncidentsAndRemediations() throws Exception {
        String open = "inc-" + fixture.run + "-open";
        fixture.send(fixture.topics.incidents().name(), open + "0", IncidentJson.of(open + "0", 1, "P0"));
        fixture.send(fixture.topics.incidents().name(), open + "2", IncidentJson.of(open + "2", 1, "P2"));
        fixture.send(fixture.topics.incidents().name(), open + "1", IncidentJson.of(open + "1", 3, "P1")
                .replace("\"status\":\"open\"", "\"status\":\"resolved\""));
        for (RemediationPhase phase : List.of(RemediationPhase.PLANNED, RemediationPhase.STARTED, RemediationPhase.FAILED,
                RemediationPhase.ESCALATED, RemediationPhase.VERIFIED)) {
            fixture.send(fixture.topics.remediations().name(), open + "0", Json.mapper().writeValueAsString(
                    RemediationEvent.of(phase, "/quell/remediator", Instant.parse("2026-11-22T08:01:00Z"),
                            new RemediationEvent.Data(open + "0", 1, "crashloop-restart-pod", "k8s.restart-pod",
                                    "kubernetes/prod/shop/deployment/checkout", "enforce", null, null, null))));
        }

        List<List<String>> approvals = List.of( // phase, reason: four of the approval trail, two not
                List.of("awaiting_approval", "approve or reject before 2026-11-22T08:31:00Z"),
                List.of("started", "approved by alice"), List.of("skipped", "rejected by bob"),
                List.of("skipped", "approval expired at 2026-11-22T08:31:00Z"),
                List.of("skipped", "dry-run: would run k8s.restart-pod on kubernetes/prod/shop/deployment/checkout"),
                List.of("failed", "not verified within PT30S"));
        for (List<String> approval : approvals) {
            fixture.send(fixture.topics.remediations().name(), open + "2", Json.mapper().writeValueAsString(
                    RemediationEvent.of(RemediationPhase.fromCloudEventType(RemediationPhase.TYPE_PREFIX + approval.get(0)), "/quell/remediator",
                            Instant.parse("2026-11-22T08:02:00Z"), new RemediationEvent.Data(open + "2", 1,
                                    "crashloop-restart-pod", "k8s.restart-pod", "kubernetes/prod/shop/deployment/checkout",
                                    "approval", approval.get(1), null, null))));
        }

        try (EmbeddedServer ignored = fixture.indexer("indexer-" + fixture.run)) {
            String mine = " AND correlationKey: \"short-drama-prod/short-drama-api\" AND id: " + open + "*";
            fixture.awaitCount("quell-incidents", "id: " + open + "*", 3);
            assertThat(fixture.search("quell-incidents", "(" + KibanaSavedObjects.query("quell-open-p0-p1-incidents") + ")"
                    + mine)).extracting(incident -> incident.get("id").asText()).containsExactly(open + "0");
            fixture.awaitCount("quell-remediations", "data.incidentId: \"" + open + "0\"", 5);
            assertThat(fixture.search("quell-remediations", "(" + KibanaSavedObjects.query("quell-failed-remediations")
                    + ") AND data.incidentId: \"" + open + "0\"")).extracting(event -> event.get("type").asText())
                    .containsExactlyInAnyOrder("dev.quell.remediation.failed", "dev.quell.remediation.escalated");
            fixture.awaitCount("quell-remediations", "data.incidentId: \"" + open + "2\"", 6);
            assertThat(fixture.search("quell-remediations", "(" + KibanaSavedObjects.query("quell-approvals")
                    + ") AND data.incidentId: \"" + open + "2\"")).extracting(event -> event.get("data").get("reason").asText())
                    .containsExactlyInAnyOrder("approve or reject before 2026-11-22T08:31:00Z", "approved by alice",
                            "rejected by bob", "approval expired at 2026-11-22T08:31:00Z");
        }
    }

    private String logEvent(ObjectNode document) {
        try {
            document.put("run", fixture.run);
            return Json.mapper().writeValueAsString(LogEvents.fromEcs(document, CorrelationKeys.defaults(),
                    Instant.parse("2026-11-22T08:00:00Z"), ""));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Set<String> requestIds(String index, String query) {
        return fixture.search(index, query).stream().map(document -> document.get("request_id").asText())
                .collect(Collectors.toSet());
    }

    private long incidentVersion(String id) throws Exception {
        GetResponse<ObjectNode> response = fixture.elasticsearch.get(get -> get.index("quell-incidents").id(id), ObjectNode.class);
        return response.found() ? response.version() : -1;
    }

    /** Documents the indexer reports indexed or already there, of one kind. */
    private static long documentsIndexed(EmbeddedServer indexer, String kind) {
        return metrics(indexer).lines()
                .filter(line -> line.startsWith("quell_indexer_documents_total{kind=\"" + kind + "\",outcome=\"indexed\"")
                        || line.startsWith("quell_indexer_documents_total{kind=\"" + kind + "\",outcome=\"duplicate\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    static String metrics(EmbeddedServer server) {
        return get(server, "/prometheus");
    }

    static String get(EmbeddedServer server, String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
