package dev.quell.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code quell status}: the on-call engineer's first look at a running Quell — whether it is ready
 * (each readiness check, as {@code /health/readiness} has it), the remediator's mode and switch,
 * what waits for approval, and the open incidents by severity. Exits 0 only when Quell is ready and
 * every part answered, so scripts can wait on it.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Say whether a running Quell is ready, and what it holds: each readiness check, the remediator's",
            "mode and switch, the approvals waiting, the open incidents by severity. Exit code 0 only when it is ready",
            "and every part answered."})
final class StatusCommand implements Callable<Integer> {

    /** As many open incidents as one streams instance lists at once. */
    private static final int MOST_INCIDENTS = 10_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Mixin
    RemoteCall remote;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            boolean ready = readiness(out);
            boolean remediatorAnswered = remediator(out);
            boolean incidentsAnswered = incidents(out);
            out.flush();
            return ready && remediatorAnswered && incidentsAnswered ? 0 : 1;
        } catch (IOException e) {
            out.flush();
            return remote.unreachable(spec.commandLine(), e);
        }
    }

    /** {@code Quell at URL: ready}, then each readiness check; whether it is ready. */
    private boolean readiness(PrintWriter out) throws IOException {
        HttpResponse<String> answer = remote.send("GET", "/health/readiness", null, null);
        JsonNode health = json(answer);
        boolean ready = answer.statusCode() == 200 && health.path("status").asText().equals("UP");
        out.printf("Quell at %s: %s%n", remote.url, ready ? "ready" : "NOT READY");
        if (!health.has("status")) {
            out.printf("  /health/readiness answered %d%n", answer.statusCode());
            return false;
        }
        health.path("details").fields().forEachRemaining(check -> out.println(String.format("  %-26s %-5s %s", check.getKey(),
                check.getValue().path("status").asText(), details(check.getValue().path("details"))).stripTrailing()));
        return ready;
    }

    /** The remediator's mode, switch, bounds and waiting approvals; whether it answered. */
    private boolean remediator(PrintWriter out) throws IOException {
        HttpResponse<String> answer = remote.send("GET", "/api/v1/remediator", null, null);
        if (answer.statusCode() != 200) {
            out.printf("remediator: %s%n", RemoteCall.answered(answer));
            return false;
        }
        JsonNode status = json(answer);
        List<String> targets = new ArrayList<>();
        status.path("targets").forEach(target -> targets.add(target.asText()));
        out.printf("remediator: %s mode, %s; %d playbook(s), at most %d actions an hour; targets: %s%n",
                status.path("mode").asText(), status.path("paused").asBoolean() ? "PAUSED (quell resume)" : "running",
                status.path("playbooks").size(), status.path("budgetPerHour").asInt(),
                targets.isEmpty() ? "none" : String.join(", ", targets));
        int waiting = status.path("pendingApprovals").size();
        out.printf("approvals waiting: %d%s%n", waiting, waiting == 0 ? "" : " (quell approvals)");
        return true;
    }

    /** The open incidents, how many of each severity; whether every streams instance answered. */
    private boolean incidents(PrintWriter out) throws IOException {
        IncidentListing open = IncidentListing.fetch(remote, "?status=open&limit=" + MOST_INCIDENTS);
        if (open.refusal() != null) {
            out.printf("incidents: %s%n", RemoteCall.answered(open.refusal()));
            return false;
        }
        Map<String, Integer> bySeverity = new TreeMap<>(Map.of("P0", 0, "P1", 0, "P2", 0, "P3", 0));
        open.incidents().forEach(incident -> bySeverity.merge(incident.path("severity").asText(), 1, Integer::sum));
        List<String> counts = new ArrayList<>();
        bySeverity.forEach((severity, count) -> counts.add(severity + " " + count));
        out.printf("incidents open: %s%d (%s)%s%n", open.truncated() ? "more than " : "", open.incidents().size(),
                String.join(", ", counts), open.incidents().isEmpty() ? "" : " (quell incidents)");
        open.notListed().forEach(instance -> out.printf("  not counted: the incidents of %s%n", instance));
        return open.notListed().isEmpty();
    }

    /** A check's details as {@code key=value, …} (nested values as their JSON). */
    private static String details(JsonNode details) {
        List<String> pairs = new ArrayList<>();
        details.fields().forEachRemaining(detail -> pairs.add(detail.getKey() + "="
                + (detail.getValue().isValueNode() ? detail.getValue().asText() : detail.getValue().toString())));
        return String.join(", ", pairs);
    }

    /** The answer's JSON, or an empty object when it is not JSON. */
    private static JsonNode json(HttpResponse<String> answer) {
        try {
            JsonNode body = Json.mapper().readTree(answer.body());
            return body == null ? Json.mapper().createObjectNode() : body;
        } catch (IOException notJson) {
            return Json.mapper().createObjectNode();
        }
    }
}
