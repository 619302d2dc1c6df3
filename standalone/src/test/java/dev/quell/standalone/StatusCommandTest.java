package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
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

    private HttpServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldSayReadyWithEachCheckTheRemediatorsModeTheApprovalsAndTheOpenIncidentsBySeverity() throws Exception {
        String url = quell(200, READY, 200, REMEDIATOR, 200, INCIDENTS);

        assertThat(status(url)).as(err.toString()).isZero();

        assertThat(out.toString()).contains(
                "Quell at " + url + ": ready",
                "  kafka-streams              UP    state=RUNNING",
                "  remediator                 UP    consumers=running, targets={\"postgres/main\":\"reachable\"}",
                "remediator: enforce mode, running; 1 playbook(s), at most 20 actions an hour; targets: postgres/main, redis/main",
                "approvals waiting: 1 (quell approvals)",
                "incidents open: 3 (P0 0, P1 2, P2 1, P3 0) (quell incidents)");
        assertThat(out.toString().lines()).as("a check without details").contains("  service                    UP");
    }

    @Test
    void shouldExitOneNamingTheCheckThatIsNotReady() throws Exception {
        String url = quell(503, """
                {"name":"quell","status":"DOWN","details":{
                  "kafka":{"name":"quell","status":"UP","details":{"brokers":1}},
                  "indexer":{"name":"quell","status":"DOWN","details":{"consumer":"running","elasticsearch":"unreachable"}}}}
                """, 200, REMEDIATOR.replace("\"paused\":false", "\"paused\":true"), 200, "{\"incidents\":[],\"truncated\":false}");

        assertThat(status(url)).isEqualTo(1);

        assertThat(out.toString()).contains("Quell at " + url + ": NOT READY",
                "  indexer                    DOWN  consumer=running, elasticsearch=unreachable",
                "remediator: enforce mode, PAUSED (quell resume);", "incidents open: 0 (P0 0, P1 0, P2 0, P3 0)" + System.lineSeparator());
    }

    @Test
    void shouldExitOneWithQuellsReasonForAPartItRefused() throws Exception {
        String refused = "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"a bearer token or basic credentials are required\"}";
        String url = quell(200, READY, 401, refused, 401, refused);

        assertThat(status(url)).isEqualTo(1);

        assertThat(out.toString()).contains("Quell at " + url + ": ready",
                "remediator: Quell answered 401: a bearer token or basic credentials are required",
                "incidents: Quell answered 401: a bearer token or basic credentials are required");
    }

    @Test
    void shouldExitOneWhenQuellCannotBeReached() {
        assertThat(status("http://127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("cannot reach Quell at http://127.0.0.1:1: connection refused" + System.lineSeparator());
    }

    private String quell(int readinessStatus, String readiness, int remediatorStatus, String remediator,
                         int incidentsStatus, String incidents) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answer("/health/readiness", readinessStatus, readiness);
        answer("/api/v1/remediator", remediatorStatus, remediator);
        answer("/api/v1/incidents", incidentsStatus, incidents);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(String path, int status, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", status / 100 == 2 || path.startsWith("/health")
                    ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream answer = exchange.getResponseBody()) {
                answer.write(bytes);
            }
        });
    }

    private int status(String url) {
        var commandLine = QuellCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute("status", "--url", url);
    }
}
