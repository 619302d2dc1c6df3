package dev.quell.standalone.deploy;

import static dev.quell.standalone.deploy.DeployFiles.COMPOSE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.events.Severity;
import dev.quell.streams.rules.ClassificationRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus and Alertmanager files, checked by the real tools (Debian's promtool and amtool,
 * which scripts/prepare installs), and the seeds' alert rules held to Quell's default classification.
 */
class PrometheusFilesTest {

    private static final Path PROMETHEUS = COMPOSE.resolve("prometheus");

    /** The severity the seeds' P0–P3 policy gives each seed alert (DESIGN.md "Severity"), by alertname and its own severity label. */
    private static final Map<String, Severity> SEED_POLICY = new LinkedHashMap<>();

    static {
        SEED_POLICY.put("HighErrorRate/critical", Severity.P1);
        SEED_POLICY.put("HighErrorRate/warning", Severity.P2);
        SEED_POLICY.put("HighResponseTime/warning", Severity.P3);
        SEED_POLICY.put("DatabasePoolExhausted/critical", Severity.P1);
        SEED_POLICY.put("DiskSpaceLow/warning", Severity.P2);
        SEED_POLICY.put("ServiceDown/critical", Severity.P0);
        SEED_POLICY.put("HighLatency/warning", Severity.P3);
        SEED_POLICY.put("RAGRetrievalLatencyHigh/warning", Severity.P3);
        SEED_POLICY.put("VectorSearchLowScore/warning", Severity.P3);
        SEED_POLICY.put("ETLJobFailureRateHigh/warning", Severity.P2);
        SEED_POLICY.put("DataQualityScoreLow/warning", Severity.P2);
        SEED_POLICY.put("TrainingJobFailed/warning", Severity.P2);
        SEED_POLICY.put("LowGPUUtilization/info", Severity.P3);
        SEED_POLICY.put("DatabaseConnectionsHigh/warning", Severity.P2);
        SEED_POLICY.put("HighCPUUsage/warning", Severity.P3);
        SEED_POLICY.put("HighMemoryUsage/warning", Severity.P2);
        SEED_POLICY.put("DatabaseConnectionFailed/critical", Severity.P0);
    }

    @Test
    void shouldPassPromtoolsChecksOfTheRulesAndTheConfiguration(@TempDir Path dir) throws Exception {
        assertThat(run("promtool", "check", "rules", PROMETHEUS.resolve("rules/seed-alerts.yml").toString(),
                PROMETHEUS.resolve("rules/quell-rules.yml").toString())).contains("SUCCESS: 17 rules found", "SUCCESS: 10 rules found");

        // prometheus.yml names its rule files and the token where the container mounts them: put them there.
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("quell-auth-token"), "token");
        Files.createDirectories(dir.resolve("rules"));
        for (String rules : List.of("seed-alerts.yml", "quell-rules.yml")) {
            Files.copy(PROMETHEUS.resolve("rules").resolve(rules), dir.resolve("rules").resolve(rules));
        }
        Path config = Files.writeString(dir.resolve("prometheus.yml"),
                Files.readString(PROMETHEUS.resolve("prometheus.yml")).replace("/etc/prometheus/", dir + "/"));
        assertThat(run("promtool", "check", "config", config.toString())).contains("SUCCESS: 2 rule files found");
    }

    @Test
    void shouldPassAmtoolsCheckOfTheAlertmanagerConfiguration(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/quell-auth-token"), "token");
        Path config = Files.writeString(dir.resolve("alertmanager.yml"),
                Files.readString(COMPOSE.resolve("alertmanager/alertmanager.yml")).replace("/etc/alertmanager/", dir + "/"));
        assertThat(run("amtool", "check-config", config.toString())).contains("SUCCESS", "1 receivers");
    }

    @Test
    void shouldGiveEverySeedAlertTheSeveritySeedPolicyExpectsThroughANamedDefaultRule() {
        ClassificationRules rules = ClassificationRules.defaults();
        List<JsonNode> alerts = DeployFiles.alertRules(DeployFiles.yaml(PROMETHEUS.resolve("rules/seed-alerts.yml")));
        assertThat(alerts).hasSize(SEED_POLICY.size());
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            String severity = alert.path("labels").path("severity").asText();
            Map<String, String> labels = Map.of("alertname", name, "severity", severity,
                    "namespace", "dpa", "service", "dpa-api");

            ClassificationRules.SeverityRule rule = rules.classify(labels).orElseThrow();

            assertThat(rule.severity()).as(name + "/" + severity).isEqualTo(SEED_POLICY.get(name + "/" + severity));
            assertThat(rule.name()).as("%s is matched by a rule made for it, not the catch-all", name)
                    .isNotIn("other", "other-critical");
        }
    }

    @Test
    void shouldKeepTheCorrelationLabelsThroughEveryAggregationOfASeedRule() {
        for (JsonNode alert : DeployFiles.alertRules(DeployFiles.yaml(PROMETHEUS.resolve("rules/seed-alerts.yml")))) {
            String expression = alert.path("expr").asText();
            java.util.regex.Matcher aggregation = java.util.regex.Pattern
                    .compile("\\b(sum|avg|max|min|count)\\b\\s*(by\\s*\\(([^)]*)\\))?").matcher(expression);
            while (aggregation.find()) {
                assertThat(aggregation.group(3)).as("%s: %s aggregates away namespace/service", alert.path("alert").asText(),
                        aggregation.group(1)).isNotNull().contains("namespace", "service");
            }
        }
    }

    @Test
    void shouldReadQuellsDashboardFromTheProvisionedDataSource() {
        JsonNode datasource = DeployFiles.yaml(COMPOSE.resolve("grafana/provisioning/datasources/prometheus.yml"))
                .path("datasources").get(0);
        JsonNode dashboard = DeployFiles.json(COMPOSE.resolve("grafana/dashboards/quell-overview.json"));
        assertThat(DeployFiles.dashboardExpressions(dashboard)).hasSizeGreaterThan(10);
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target ->
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo(datasource.path("uid").asText())));
        String dashboards = DeployFiles.yaml(COMPOSE.resolve("grafana/provisioning/dashboards/quell.yml"))
                .path("providers").get(0).path("options").path("path").asText();
        assertThat(DeployFiles.yaml(COMPOSE.resolve("docker-compose.yml")).path("services").path("grafana")
                .path("volumes").toString()).contains("./grafana/dashboards:" + dashboards);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
