package dev.quell.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The on-call engineer's view of the incidents from a terminal: {@code quell incidents} lists them
 * (from every streams instance), {@code quell incident ID} says why one has its severity, what it
 * holds, and what the remediator did about it.
 */
final class IncidentCommands {

    private IncidentCommands() {
    }

    @Command(name = "incidents", mixinStandardHelpOptions = true,
            description = "List the incidents of a running Quell, the most recently updated first.")
    static final class ListIncidents implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RemoteCall remote;

        @Option(names = "--status", paramLabel = "STATUS", defaultValue = "open",
                description = "open, resolved or all (default: ${DEFAULT-VALUE}).")
        String status;

        @Option(names = "--severity", paramLabel = "P0,P1", description = "Only these severities (comma-separated).")
        String severity;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "At most N incidents from each streams instance (default: ${DEFAULT-VALUE}).")
        String limit;

        @Override
        public Integer call() {
            try {
                return list();
            } catch (IOException e) {
                return remote.unreachable(spec.commandLine(), e);
            }
        }

        private int list() throws IOException {
            String query = "?status=" + encode(status) + "&limit=" + encode(limit)
                    + (severity == null ? "" : "&severity=" + encode(severity));
            IncidentListing found = IncidentListing.fetch(remote, query);
            if (found.refusal() != null) {
                return remote.refused(spec.commandLine(), found.refusal());
            }
            found.notListed().forEach(instance -> spec.commandLine().getErr().println("not listed: the incidents of " + instance));
            List<JsonNode> incidents = found.incidents();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-4s %-8s %-32s %-24s %-7s %s%n", "SEV", "STATUS", "SERVICE", "UPDATED", "FIRING", "ID");
            for (JsonNode incident : incidents) {
                long firing = StreamSupport.stream(incident.path("alerts").spliterator(), false)
                        .filter(alert -> alert.path("status").asText().equals("firing")).count();
                int omitted = incident.path("alertsOmitted").asInt();
                String firingOfAll = omitted == 0 ? firing + "/" + incident.path("alerts").size() // "5+/9": 5 listed firing
                        : firing + "+/" + (incident.path("alerts").size() + omitted);
                out.printf("%-4s %-8s %-32s %-24s %-7s %s%n", incident.path("severity").asText(),
                        incident.path("status").asText(), incident.path("correlationKey").asText(),
                        incident.path("updatedAt").asText(), firingOfAll, incident.path("id").asText());
            }
            out.printf("%d incident(s)%s%n", incidents.size(), found.truncated() ? "; more matched: raise --limit" : "");
            out.flush();
            return found.notListed().isEmpty() ? 0 : 1; // a list with an instance missing is not the whole answer
        }
    }

    @Command(name = "incident", mixinStandardHelpOptions = true,
            description = "Show one incident: why it has its severity, its alerts and log signals, and its remediation steps.")
    static final class ShowIncident implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RemoteCall remote;

        @Parameters(paramLabel = "ID", description = "The incident's id (quell incidents lists them).")
        String id;

        @Override
        public Integer call() {
            try {
                return show();
            } catch (IOException e) {
                return remote.unreachable(spec.commandLine(), e);
            }
        }

        private int show() throws IOException {
            HttpResponse<String> answer = remote.send("GET", "/api/v1/incidents/" + encode(id), null, null);
            if (answer.statusCode() != 200) {
                return remote.refused(spec.commandLine(), answer);
            }
            JsonNode incident = Json.mapper().readTree(answer.body());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s  %s %s, version %d%n", incident.path("id").asText(), incident.path("severity").asText(),
                    incident.path("status").asText(), incident.path("version").asLong());
            out.printf("service:     %s%n", incident.path("correlationKey").asText());
            out.printf("opened:      %s, updated %s%s%n", incident.path("openedAt").asText(),
                    incident.path("updatedAt").asText(), incident.hasNonNull("resolvedAt")
                            ? ", resolved " + incident.path("resolvedAt").asText() : "");
            out.printf("respond by:  %s%s%n", incident.path("respondBy").asText(),
                    incident.path("slaBreached").asBoolean() ? " (breached)" : "");
            out.println("why:");
            incident.path("severityReasons").forEach(reason -> out.printf("  %-30s %s%n", reason.path("rule").asText(),
                    reason.path("detail").asText()));
            int omitted = incident.path("alertsOmitted").asInt();
            out.printf("alerts (%d%s)%s:%n", incident.path("alerts").size(),
                    omitted == 0 ? "" : " listed, " + omitted + " more not listed: the version fits one Kafka record",
                    incident.path("flapping").asBoolean() ? ", flapping" : "");
            incident.path("alerts").forEach(alert -> out.printf("  %-9s %s%s %s%n", alert.path("status").asText(),
                    alert.path("alertname").asText(), alert.path("inhibited").asBoolean() ? " (inhibited)" : "",
                    labels(alert.path("labels"))));
            if (!incident.path("logSignals").isEmpty()) {
                out.println("log signals:");
                incident.path("logSignals").forEach(signal -> out.printf("  %-28s %d line(s), last %s: %s%n",
                        signal.path("signature").asText(), signal.path("count").asLong(),
                        signal.path("lastSeen").asText(), signal.path("sample").asText()));
            }
            showRemediations(out);
            out.flush();
            return 0;
        }

        private void showRemediations(PrintWriter out) throws IOException {
            HttpResponse<String> answer = remote.send("GET", "/api/v1/remediations?limit=10000&incident=" + encode(id),
                    null, null);
            if (answer.statusCode() != 200) {
                out.println("remediation: not known here (" + answer.statusCode() + ")");
                return;
            }
            List<JsonNode> events = new ArrayList<>();
            Json.mapper().readTree(answer.body()).path("events").forEach(events::add);
            out.println(events.isEmpty() ? "remediation: none" : "remediation:");
            events.sort(Comparator.comparing(event -> instant(event.path("time"))));
            for (JsonNode event : events) {
                JsonNode data = event.path("data");
                String detail = data.hasNonNull("reason") ? data.path("reason").asText() : data.path("outcome").asText("");
                out.printf("  %s %-17s %s %s on %s: %s%n", event.path("time").asText(),
                        event.path("type").asText().replace("dev.quell.remediation.", ""), data.path("playbook").asText(),
                        data.path("action").asText(), data.path("target").asText(), detail);
            }
        }

        private static String labels(JsonNode labels) {
            List<String> pairs = new ArrayList<>();
            labels.fields().forEachRemaining(label -> {
                if (!label.getKey().equals("alertname")) {
                    pairs.add(label.getKey() + "=" + label.getValue().asText());
                }
            });
            return pairs.stream().sorted().collect(Collectors.joining(", ", "{", "}"));
        }
    }

    /** An RFC 3339 time as Quell writes it; compared as text, {@code .8Z} would come after {@code .84Z}. */
    static Instant instant(JsonNode time) {
        return Instant.parse(time.asText());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
