package dev.quell.standalone;

import static dev.quell.standalone.CommandRun.quell;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code quell approvals} against a stand-in answering as {@code GET /api/v1/approvals} does. */
class ApprovalsCommandTest {

    private static CommandRun approvals(int status, String mediaType, String body) throws Exception {
        try (StandInQuell stand = StandInQuell.start().answer("/api/v1/approvals", status, mediaType, body)) {
            return quell("approvals", "--url", stand.url());
        }
    }

    @Test
    void shouldShowEachWaitingActionWithItsIdTargetIncidentAndExpiry() throws Exception {
        Instant expires = Instant.now().plus(Duration.ofMinutes(29)).plusSeconds(30);
        CommandRun run = approvals(200, "application/json", """
                {"approvals":[{"id":"207eca1d","playbook":"pool-exhausted-kill-idle-connections",
                  "action":"postgres.kill-idle-connections","target":"postgres/main","incidentId":"inc-ZHBh-1",
                  "incidentVersion":2,"severity":"P1","correlationKey":"dpa/dpa-api",
                  "requestedAt":"2026-11-28T08:00:01Z","expiresAt":"%s","heldHere":false}]}
                """.formatted(expires));

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains(
                "207eca1d  expires in 29m ",
                "  runs:      postgres.kill-idle-connections on postgres/main (playbook pool-exhausted-kill-idle-connections)",
                "  incident:  P1 dpa/dpa-api, inc-ZHBh-1 version 2, asked 2026-11-28T08:00:01Z",
                "1 waiting: quell approve ID, or quell reject ID");
    }

    @Test
    void shouldSayWhenNothingWaits() throws Exception {
        CommandRun run = approvals(200, "application/json", "{\"approvals\":[]}");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("no remediation is waiting for approval" + System.lineSeparator());
    }

    @Test
    void shouldExitOneWithQuellsReasonWhenRefused() throws Exception {
        CommandRun run = approvals(401, "application/problem+json",
                "{\"type\":\"urn:quell:problem:unauthorized\",\"status\":401,\"detail\":\"a bearer token is required\"}");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("Quell answered 401: a bearer token is required");
    }

    @Test
    void shouldCountDownToTheExpiryInMinutesAndSeconds() {
        assertThat(ApprovalsCommand.in(Duration.ofSeconds(1_772))).isEqualTo("in 29m 32s");
        assertThat(ApprovalsCommand.in(Duration.ofSeconds(59))).isEqualTo("in 59s");
        assertThat(ApprovalsCommand.in(Duration.ZERO)).isEqualTo("now");
        assertThat(ApprovalsCommand.in(Duration.ofSeconds(-5))).isEqualTo("now");
    }
}
