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
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code quell approvals} against a stand-in answering as {@code GET /api/v1/approvals} does. */
class ApprovalsCommandTest {

    private HttpServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String quell(int status, String contentType, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/approvals", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream answer = exchange.getResponseBody()) {
                answer.write(bytes);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private int approvals(String url) {
        var commandLine = QuellCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute("approvals", "--url", url);
    }

    @Test
    void shouldShowEachWaitingActionWithItsIdTargetIncidentAndExpiry() throws Exception {
        Instant expires = Instant.now().plus(Duration.ofMinutes(29)).plusSeconds(30);
        String url = quell(200, "application/json", """
                {"approvals":[{"id":"207eca1d","playbook":"pool-exhausted-kill-idle-connections",
                  "action":"postgres.kill-idle-connections","target":"postgres/main","incidentId":"inc-ZHBh-1",
                  "incidentVersion":2,"severity":"P1","correlationKey":"dpa/dpa-api",
                  "requestedAt":"2026-11-28T08:00:01Z","expiresAt":"%s","heldHere":false}]}
                """.formatted(expires));

        assertThat(approvals(url)).isZero();

        assertThat(out.toString()).contains(
                "207eca1d  expires in 29m ",
                "  runs:      postgres.kill-idle-connections on postgres/main (playbook pool-exhausted-kill-idle-connections)",
                "  incident:  P1 dpa/dpa-api, inc-ZHBh-1 version 2, asked 2026-11-28T08:00:01Z",
                "1 waiting: quell approve ID, or quell reject ID");
    }

    @Test
    void shouldSayWhenNothingWaits() throws Exception {
        assertThat(approvals(quell(200, "application/json", "{\"approvals\":[]}"))).isZero();
        assertThat(out.toString()).isEqualTo("no remediation is waiting for approval" + System.lineSeparator());
    }

    @Test
    void shouldExitOneWithQuellsReasonWhenRefused() throws Exception {
        String url = quell(401, "application/problem+json",
                "{\"type\":\"urn:quell:problem:unauthorized\",\"status\":401,\"detail\":\"a bearer token is required\"}");
        assertThat(approvals(url)).isEqualTo(1);
        assertThat(err.toString()).startsWith("Quell answered 401: a bearer token is required");
    }

    @Test
    void shouldCountDownToTheExpiryInMinutesAndSeconds() {
        assertThat(ApprovalsCommand.in(Duration.ofSeconds(1_772))).isEqualTo("in 29m 32s");
        assertThat(ApprovalsCommand.in(Duration.ofSeconds(59))).isEqualTo("in 59s");
        assertThat(ApprovalsCommand.in(Duration.ZERO)).isEqualTo("now");
        assertThat(ApprovalsCommand.in(Duration.ofSeconds(-5))).isEqualTo("now");
    }
}
