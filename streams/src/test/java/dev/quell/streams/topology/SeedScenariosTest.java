package dev.quell.streams.topology;

import static dev.quell.streams.topology.TopologyFixture.alert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.Severity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The situations of the five seed systems, as their alert rules and runbooks describe them. */
class SeedScenariosTest {

    private final TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private Incident only() {
        Map<String, Incident> latest = fixture.latest();
        assertThat(latest).as("incidents").hasSize(1);
        return latest.values().iterator().next();
    }

    private static Duration sec(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void oneDataStudioAgentApiDownIsP0WithItsLatencyInhibited() {
        fixture.send(alert("HighLatency", AlertStatus.FIRING, sec(5), "severity", "warning",
                "namespace", "one-data-system", "job", "agent-api"));
        fixture.send(alert("ServiceDown", AlertStatus.FIRING, sec(60), "severity", "critical",
                "namespace", "one-data-system", "job", "agent-api", "instance", "127.0.0.1:9"));

        Incident incident = only();
        assertThat(incident.correlationKey()).isEqualTo("one-data-system/agent-api");
        assertThat(incident.severity()).isEqualTo(Severity.P0);
        assertThat(incident.respondBy()).isEqualTo(incident.openedAt().plus(Duration.ofMinutes(15)));
        assertThat(incident.alerts()).filteredOn(Incident.Alert::inhibited)
                .extracting(Incident.Alert::alertname).containsExactly("HighLatency");
        assertThat(incident.severityReasons()).extracting(Incident.SeverityReason::rule).containsExactly("service-down");
    }

    @Test
    void dpaPoolExhaustedWithTooManyConnectionsInTheLogsIsP1ForBothReasons() {
        fixture.send(alert("DatabasePoolExhausted", AlertStatus.FIRING, sec(5), "severity", "critical", "job", "dpa-api"));
        fixture.log("-", "dpa-api", "ERROR", "sqlalchemy.exc.OperationalError: FATAL: sorry, too many clients already",
                sec(20));

        Incident incident = only();
        assertThat(incident.severity()).isEqualTo(Severity.P1);
        assertThat(incident.severityReasons()).extracting(Incident.SeverityReason::rule)
                .contains("pool-exhausted", "escalation:log-corroboration");
        assertThat(incident.severityReasons()).extracting(Incident.SeverityReason::detail)
                .anyMatch(detail -> detail.contains("DatabasePoolExhausted"))
                .anyMatch(detail -> detail.contains("too-many-connections"));
        assertThat(incident.logSignals()).extracting(Incident.LogSignal::signature).containsExactly("too-many-connections");
    }

    @Test
    void dpaDiskSpaceLowIsP2() {
        fixture.send(alert("DiskSpaceLow", AlertStatus.FIRING, sec(5), "severity", "warning", "job", "dpa-api",
                "mountpoint", "/data"));

        assertThat(only().severity()).isEqualTo(Severity.P2);
    }

    @Test
    void oneDataStudioLowGpuUtilizationIsP3() {
        fixture.send(alert("LowGPUUtilization", AlertStatus.FIRING, sec(5), "severity", "info",
                "namespace", "one-data-system", "job", "training"));

        Incident incident = only();
        assertThat(incident.severity()).isEqualTo(Severity.P3);
        assertThat(incident.respondBy()).isEqualTo(incident.openedAt().plus(Duration.ofHours(24)));
    }

    @Test
    void shortDramaCrashLoopBackOffInTheLogsOpensAP1() {
        fixture.log("short-drama-prod", "short-drama-api", "WARN",
                "Back-off restarting failed container api in pod short-drama-api-7f9c6d-x2k4p (CrashLoopBackOff)", sec(5));

        Incident incident = only();
        assertThat(incident.severity()).isEqualTo(Severity.P1);
        assertThat(incident.alerts()).isEmpty();
    }

    @Test
    void shortDramaRedisOutOfMemoryInTheLogsOpensAP2() {
        fixture.log("short-drama-prod", "redis", "ERROR", "OOM command not allowed when used memory > 'maxmemory'.", sec(5));

        assertThat(only().severity()).isEqualTo(Severity.P2);
    }

    @Test
    void cotStudioDatabaseConnectionFailedIsP0() {
        fixture.send(alert("DatabaseConnectionFailed", AlertStatus.FIRING, sec(5), "severity", "critical",
                "job", "postgres"));

        assertThat(only().severity()).isEqualTo(Severity.P0);
    }

    @Test
    void cotStudioCpuAndMemoryTogetherTakeTheMoreSevere() {
        fixture.send(alert("HighCPUUsage", AlertStatus.FIRING, sec(5), "severity", "warning", "job", "cot-studio"));
        fixture.send(alert("HighMemoryUsage", AlertStatus.FIRING, sec(6), "severity", "warning", "job", "cot-studio"));

        Incident incident = only();
        assertThat(incident.severity()).isEqualTo(Severity.P2);
        assertThat(incident.severityReasons()).extracting(Incident.SeverityReason::rule).containsExactly("memory");
    }

    @Test
    void selfRagPipelineDownInhibitsItsErrorRate() {
        fixture.send(alert("HighErrorRate", AlertStatus.FIRING, sec(5), "severity", "warning", "job", "rag-pipeline"));
        fixture.send(alert("ServiceDown", AlertStatus.FIRING, sec(6), "severity", "critical", "job", "rag-pipeline"));

        Incident incident = only();
        assertThat(incident.severity()).isEqualTo(Severity.P0);
        assertThat(incident.alerts()).filteredOn(a -> a.alertname().equals("HighErrorRate"))
                .singleElement().satisfies(a -> assertThat(a.inhibited()).isTrue());
    }
}
