package dev.quell.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.json.Json;
import dev.quell.service.time.Poll;
import dev.quell.schemas.time.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code quell demo}: replays a scenario of each seed system into a running Quell — alerts as
 * Alertmanager sends them, logs as a shipper does — and prints the incidents and remediation
 * steps they cause, as they happen.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Replay the seed systems' scenarios into a running Quell and show what they cause.",
            "Prints the incidents and remediation steps as they happen; exits 0 once every scenario became",
            "the incident the seeds' policy expects."})
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RemoteCall remote;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long to watch for the incidents (default: ${DEFAULT-VALUE}).")
    String wait;

    private final Set<String> shownIncidents = new HashSet<>();
    private final Set<String> shownEvents = new HashSet<>();

    @Override
    public Integer call() throws Exception {
        Duration watch = Durations.parse(wait).orElseThrow(() ->
                new CommandLine.ParameterException(spec.commandLine(), "--wait: '" + wait + "' is not a duration"));
        PrintWriter out = spec.commandLine().getOut();
        if (!awaitReady(out, watch)) {
            spec.commandLine().getErr().println("Quell at " + remote.url + " was not ready within " + wait
                    + "; nothing sent (quell status --url " + remote.url + " says what it waits for)");
            return 1;
        }
        List<DemoScenarios.Scenario> scenarios = DemoScenarios.all(Instant.now());
        int n = 0;
        for (DemoScenarios.Scenario scenario : scenarios) {
            out.printf("[%d/%d] %s ... ", ++n, scenarios.size(), scenario.system());
            out.flush();
            for (String webhook : scenario.webhooks()) {
                expect2xx(remote.send("POST", "/webhooks/alertmanager", "application/json", webhook));
            }
            if (!scenario.ndjsonLogs().isEmpty()) {
                expect2xx(remote.send("POST", "/logs", "application/x-ndjson", scenario.ndjsonLogs()));
            }
            out.printf("sent %d webhook(s), %d log line(s)%n", scenario.webhooks().size(),
                    scenario.ndjsonLogs().lines().count());
        }
        out.println();
        out.printf("%-40s %-4s %s%n", "INCIDENT (namespace/service)", "SEV", "WHY");
        Map<String, String> expected = scenarios.stream().flatMap(s -> s.expected().stream())
                .collect(Collectors.toMap(DemoScenarios.Expected::correlationKey, DemoScenarios.Expected::severity));
        Map<String, String> seen = new HashMap<>();
        boolean all = Poll.until(() -> {
            showIncidents(out, seen);
            showRemediations(out);
            return expected.entrySet().stream().allMatch(e -> e.getValue().equals(seen.get(e.getKey())));
        }, Duration.ofMillis(500), watch);
        if (all) {
            out.printf("%nEvery scenario became the incident the seeds' P0-P3 policy expects (%d incidents).%n",
                    expected.size());
            return 0;
        }
        spec.commandLine().getErr().println("not seen within " + wait + ": " + expected.entrySet().stream()
                .filter(e -> !e.getValue().equals(seen.get(e.getKey())))
                .map(e -> e.getKey() + " as " + e.getValue() + " (got " + seen.getOrDefault(e.getKey(), "nothing") + ")")
                .collect(Collectors.joining(", ")));
        return 1;
    }

    /**
     * Waits, at most {@code watch}, until {@code /health/readiness} answers 200: a demo started with
     * Quell would meet its 503s, or find nothing listening yet.
     */
    private boolean awaitReady(PrintWriter out, Duration watch) throws Exception {
        if (ready()) {
            return true;
        }
        out.printf("waiting for Quell at %s to be ready ...%n", remote.url);
        out.flush();
        return Poll.until(this::ready, Duration.ofMillis(500), watch);
    }

    private boolean ready() {
        try {
            return remote.send("GET", "/health/readiness", null, null).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    private void showIncidents(PrintWriter out, Map<String, String> seen) throws IOException {
        HttpResponse<String> answer = remote.send("GET", "/api/v1/incidents?status=all&limit=10000", null, null);
        if (answer.statusCode() == 503) {
            return; // the streams store is being restored or rebalanced: asked again at the next look
        }
        JsonNode incidents = Json.mapper().readTree(expect2xx(answer)).path("incidents");
        for (JsonNode incident : incidents) {
            String key = incident.path("correlationKey").asText();
            String severity = incident.path("severity").asText();
            seen.put(key, severity);
            if (shownIncidents.add(incident.path("id").asText() + "@" + incident.path("version").asText())) {
                String why = StreamSupport.stream(incident.path("severityReasons").spliterator(), false)
                        .map(reason -> reason.path("rule").asText()).collect(Collectors.joining(", "));
                String inhibited = StreamSupport.stream(incident.path("alerts").spliterator(), false)
                        .filter(alert -> alert.path("inhibited").asBoolean())
                        .map(alert -> alert.path("alertname").asText()).collect(Collectors.joining(", "));
                out.printf("%-40s %-4s %s%s%n", key, severity, why, inhibited.isEmpty() ? "" : " (inhibited: " + inhibited + ")");
            }
        }
        out.flush();
    }

    private void showRemediations(PrintWriter out) throws IOException {
        List<JsonNode> events = new java.util.ArrayList<>();
        Json.mapper().readTree(expect2xx(remote.send("GET", "/api/v1/remediations?limit=10000", null, null)))
                .path("events").forEach(events::add);
        events.sort(java.util.Comparator.comparing(event -> IncidentCommands.instant(event.path("time"))));
        for (JsonNode event : events) {
            if (shownEvents.add(event.path("id").asText())) {
                JsonNode data = event.path("data");
                String phase = event.path("type").asText().replace("dev.quell.remediation.", "");
                String detail = data.hasNonNull("reason") ? data.path("reason").asText() : data.path("outcome").asText("");
                out.printf("  -> remediation %-17s %s on %s: %s%n", phase, data.path("action").asText(),
                        data.path("target").asText(), detail);
            }
        }
        out.flush();
    }

    private static String expect2xx(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                    + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
