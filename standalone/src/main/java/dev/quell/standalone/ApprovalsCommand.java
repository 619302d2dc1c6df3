package dev.quell.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code quell approvals}: what waits for the on-call engineer — each action a playbook in
 * {@code approval} mode asks to run, on which target, for which incident, until when — with the
 * id {@code quell approve} and {@code quell reject} take.
 */
@Command(name = "approvals", mixinStandardHelpOptions = true,
        description = "List the remediations waiting for approval, the oldest first, with the id to approve or reject.")
final class ApprovalsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Mixin
    RemoteCall remote;

    @Override
    public Integer call() {
        try {
            HttpResponse<String> answer = remote.send("GET", "/api/v1/approvals", null, null);
            if (answer.statusCode() != 200) {
                return remote.refused(spec.commandLine(), answer);
            }
            print(Json.mapper().readTree(answer.body()).path("approvals"), Instant.now());
            return 0;
        } catch (IOException e) {
            return remote.unreachable(spec.commandLine(), e);
        }
    }

    private void print(JsonNode approvals, Instant now) {
        PrintWriter out = spec.commandLine().getOut();
        if (approvals.isEmpty()) {
            out.println("no remediation is waiting for approval");
            out.flush();
            return;
        }
        for (JsonNode request : approvals) {
            Instant expiresAt = IncidentCommands.instant(request.path("expiresAt"));
            out.printf("%s  expires %s (%s)%n", request.path("id").asText(), in(Duration.between(now, expiresAt)), expiresAt);
            out.printf("  runs:      %s on %s (playbook %s)%n", request.path("action").asText(),
                    request.path("target").asText(), request.path("playbook").asText());
            out.printf("  incident:  %s %s, %s version %d, asked %s%n", request.path("severity").asText(),
                    request.path("correlationKey").asText(), request.path("incidentId").asText(),
                    request.path("incidentVersion").asLong(), request.path("requestedAt").asText());
        }
        out.printf("%d waiting: quell approve ID, or quell reject ID%n", approvals.size());
        out.flush();
    }

    /** {@code in 29m 12s}, or {@code now} once the time has come (the remediator expires it at its next look). */
    static String in(Duration left) {
        if (left.isNegative() || left.isZero()) {
            return "now";
        }
        long minutes = left.toMinutes();
        return minutes == 0 ? "in " + left.toSecondsPart() + "s" : "in " + minutes + "m " + left.toSecondsPart() + "s";
    }
}
