package dev.quell.standalone;

import static dev.quell.standalone.CommandRun.quell;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code quell status} against a stand-in answering as Quell's readiness, remediator and incidents routes do. */
class StatusCommandTest {

    private static final String READY = """
            {"name":"quell","status":"UP","details":{
              "kafka":{"name":"quell","status":"UP","details":{"brokers":1}},
              "service":{"name":"quell","status":"UP"},
              "kafka-streams":{"name":"quell","status":"UP","details":{"state":"RUNNING"}},
              "remediator":{"name":"quell","status":"UP","details":{"consumers":"running","targets":{"postgres/main":"reachable"}}}}}
            """;
    private static final String REMEDIATOR = """
            {"mode":"enforce","paused":false,"budgetPerHour":20,
             "playbooks":[{"name":"pool-exhausted-kill-idle-connections","action":"postgres.kill-idle-connections","target":"postgres/main"}],
             "targets":["postgres/main","redis/main"],"pendingApprovals":{"207eca1d":"2026-11-28T08:30:01Z"},"approvalsHeldHere":[]}
            """;
    private static final String INCIDENTS = """
            {"incidents":[
              {"id":"inc-a-1","severity":"P1","status":"open","correlationKey":"dpa/dpa-api","updatedAt":"2026-11-28T08:00:01Z","alerts":[]},
              {"id":"inc-b-1","severity":"P2","status":"open","correlationKey":"shop/cart","updatedAt":"2026-11-28T08:00:02Z","alerts":[]},
              {"id":"inc-c-1","severity":"P1","status":"open","correlationKey":"shop/pay","updatedAt":"2026-11-28T08:00:03Z","alerts":[]}],
             "truncated":false}
            """;

    @Test
    void shouldSayReadyWithEachCheckTheRemediatorsModeTheApprovalsAndTheOpenIncidentsBySeverity() throws Exception {
        try (StandInQuell stand = standIn(200, READY, 200, REMEDIATOR, 200, INCIDENTS)) {
            CommandRun run = status(stand);

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains(
                "Quell at " + stand.url() + ": ready",
                "  kafka-streams              UP    state=RUNNING",
                "  remediator                 UP    consumers=running, targets={\"postgres/main\":\"reachable\"}",
                "remediator: enforce mode, running; 1 playbook(s), at most 20 actions an hour; targets: postgres/main, redis/main",
                "approvals waiting: 1 (quell approvals)",
                "incidents open: 3 (P0 0, P1 2, P2 1, P3 0) (quell incidents)");
            assertThat(run.out().lines()).as("a check without details").contains("  service                    UP");
        }
    }

    @Test
    void shouldExitOneNamingTheCheckThatIsNotReady() throws Exception {
        try (StandInQuell stand = standIn(503, """
                {"name":"quell","status":"DOWN","details":{
                  "kafka":{"name":"quell","status":"UP","details":{"brokers":1}},
                  "indexer":{"name":"quell","status":"DOWN","details":{"consumer":"running","elasticsearch":"unreachable"}}}}
                """, 200, REMEDIATOR.replace("\"paused\":false", "\"paused\":true"), 200, "{\"incidents\":[],\"truncated\":false}")) {
            CommandRun run = status(stand);

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out()).contains("Quell at " + stand.url() + ": NOT READY",
                    "  indexer                    DOWN  consumer=running, elasticsearch=unreachable",
                    "remediator: enforce mode, PAUSED (quell resume);", "incidents open: 0 (P0 0, P1 0, P2 0, P3 0)" + System.lineSeparator());
        }
    }

    @Test
    void shouldExitOneWithQuellsReasonForAPartItRefused() throws Exception {
        String refused = "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"a bearer token or basic credentials are required\"}";
        try (StandInQuell stand = standIn(200, READY, 401, refused, 401, refused)) {
            CommandRun run = status(stand);

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out()).contains("Quell at " + stand.url() + ": ready",
                    "remediator: Quell answered 401: a bearer token or basic credentials are required",
                    "incidents: Quell answered 401: a bearer token or basic credentials are required");
        }
    }

    @Test
    void shouldExitOneWhenQuellCannotBeReached() {
        CommandRun run = quell("status", "--url", "http://127.0.0.1:1");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("cannot reach Quell at http://127.0.0.1:1: connection refused" + System.lineSeparator());
    }

    private static StandInQuell standIn(int readinessStatus, String readiness, int remediatorStatus, String remediator,
                                        int incidentsStatus, String incidents) throws Exception {
        return StandInQuell.start()
                .answer("/health/readiness", readinessStatus, "application/json", readiness)
                .answer("/api/v1/remediator", remediatorStatus, mediaType(remediatorStatus), remediator)
                .answer("/api/v1/incidents", incidentsStatus, mediaType(incidentsStatus), incidents);
    }

    private static String mediaType(int status) {
        return status / 100 == 2 ? "application/json" : "application/problem+json";
    }

    private static CommandRun status(StandInQuell stand) {
        return quell("status", "--url", stand.url());
    }
}
