package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quell.kafka.SharedTestBroker;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code quell replay} against what a running Quell made of the seeds' scenarios: a rules file
 * that lowers one rule reports exactly the incident that rule classified; a playbook file
 * without the pool playbook reports the action that was planned and would not be now.
 */
class ReplayIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void shouldReportExactlyWhatOtherRulesAndPlaybooksWouldChange() throws Exception {
        String prefix = "replay-it-" + System.nanoTime() + ".";
        Path config = Files.writeString(dir.resolve("quell.yml"), """
                quell:
                  targets:
                    postgres:
                      main:
                        url: jdbc:postgresql://127.0.0.1:5432/test
                        username: postgres
                """);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StandaloneSettings settings = new StandaloneSettings(SharedTestBroker.bootstrapServers(), dir, 0, 2, prefix,
                null, 0, config);
        try (QuellRuntime runtime = new QuellRuntime(settings, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            runtime.start();
            String url = QuellRuntimeAccess.httpUrl(console);
            List<DemoScenarios.Expected> expected = new java.util.ArrayList<>();
            for (DemoScenarios.Scenario scenario : DemoScenarios.all(Instant.now())) {
                for (String webhook : scenario.webhooks()) {
                    post(url + "/webhooks/alertmanager", "application/json", webhook);
                }
                if (!scenario.ndjsonLogs().isEmpty()) {
                    post(url + "/logs", "application/x-ndjson", scenario.ndjsonLogs());
                }
                expected.addAll(scenario.expected());
            }
            // every scenario's incident published, at its severity, before the run stops: the replay compares against them
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                java.util.Set<DemoScenarios.Expected> published = new java.util.HashSet<>();
                dev.quell.schemas.json.Json.mapper().readTree(get(url + "/api/v1/incidents?status=all")).findParents("correlationKey")
                        .forEach(incident -> published.add(new DemoScenarios.Expected(incident.path("correlationKey").asText(),
                                incident.path("severity").asText())));
                return published.containsAll(expected);
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> get(url + "/api/v1/remediations")
                    .contains("dev.quell.remediation.planned"));
        }

        String lowered = defaultRules().replace("  - name: database-unreachable\n    severity: P0",
                "  - name: database-unreachable\n    severity: P2");
        assertThat(lowered).isNotEqualTo(defaultRules());
        String rulesReport = replay(prefix, "--rules", Files.writeString(dir.resolve("rules.yml"), lowered).toString(),
                "--config", config.toString());

        assertThat(rulesReport).contains("Severity would change (1):");
        assertThat(rulesReport.lines().filter(line -> line.contains(" -> "))).singleElement().satisfies(line ->
                assertThat(line).contains("-/postgres", "P0 -> P2", "database-unreachable"));
        assertThat(rulesReport).doesNotContain("only the replay", "does not open", "would now be planned",
                "would not be now");

        Path noPool = Files.writeString(dir.resolve("playbooks.yml"), """
                playbooks:
                  - name: unrelated
                    match: {alertnames: [NeverFires]}
                    action: postgres.kill-idle-connections
                    target: postgres/main
                    bounds: {cooldown: 10m, max_per_hour: 1, max_per_hour_per_target: 1}
                """);
        String playbooksReport = replay(prefix, "--playbooks", noPool.toString(), "--config", config.toString());

        assertThat(playbooksReport).contains("Actions that were planned and would not be now (1):",
                "pool-exhausted-kill-idle-connections").doesNotContain("Severity would change");
    }

    private static String replay(String prefix, String... options) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new QuellCommand());
        command.setOut(new PrintWriter(out, true));
        String[] args = new String[options.length + 5];
        args[0] = "replay";
        args[1] = "--bootstrap-servers";
        args[2] = SharedTestBroker.bootstrapServers();
        args[3] = "--topic-prefix";
        args[4] = prefix;
        System.arraycopy(options, 0, args, 5, options.length);
        assertThat(command.execute(args)).as(out.toString()).isZero();
        return out.toString();
    }

    private static String defaultRules() throws Exception {
        try (InputStream in = ReplayIT.class.getResourceAsStream("/quell-rules.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void post(String url, String type, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
