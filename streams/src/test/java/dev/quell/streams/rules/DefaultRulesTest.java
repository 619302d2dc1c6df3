package dev.quell.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.schemas.events.Severity;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every alert rule named in the seeds, and the community names for the same situations, gets the severity of the policy. */
class DefaultRulesTest {

    private static final ClassificationRules RULES = ClassificationRules.defaults();

    static Stream<Arguments> alerts() {
        return Stream.of(
                // seeds: DPA (000)
                Arguments.of("HighErrorRate", "critical", Severity.P1, "error-rate-critical"),
                Arguments.of("HighResponseTime", "warning", Severity.P3, "latency"),
                Arguments.of("DatabasePoolExhausted", "critical", Severity.P1, "pool-exhausted"),
                Arguments.of("DiskSpaceLow", "warning", Severity.P2, "disk-space"),
                // seeds: ONE-DATA-STUDIO (001)
                Arguments.of("ServiceDown", "critical", Severity.P0, "service-down"),
                Arguments.of("HighLatency", "warning", Severity.P3, "latency"),
                Arguments.of("HighErrorRate", "warning", Severity.P2, "error-rate"),
                Arguments.of("RAGRetrievalLatencyHigh", "warning", Severity.P3, "latency"),
                Arguments.of("VectorSearchLowScore", "warning", Severity.P3, "latency"),
                Arguments.of("ETLJobFailureRateHigh", "warning", Severity.P2, "jobs-failing"),
                Arguments.of("DataQualityScoreLow", "warning", Severity.P2, "jobs-failing"),
                Arguments.of("TrainingJobFailed", "warning", Severity.P2, "jobs-failing"),
                Arguments.of("LowGPUUtilization", "info", Severity.P3, "gpu-underused"),
                // seeds: Self-RAG (002)
                Arguments.of("DatabaseConnectionsHigh", "warning", Severity.P2, "database-connections-high"),
                // seeds: COT Studio (004)
                Arguments.of("HighCPUUsage", "warning", Severity.P3, "cpu"),
                Arguments.of("HighMemoryUsage", "warning", Severity.P2, "memory"),
                Arguments.of("DatabaseConnectionFailed", "critical", Severity.P0, "database-unreachable"),
                Arguments.of("HighAPILatency", "warning", Severity.P3, "latency"),
                // community: kube-prometheus, node-exporter, postgres-exporter, redis-exporter
                Arguments.of("KubePodCrashLooping", "warning", Severity.P1, "crash-looping"),
                Arguments.of("KubePodNotReady", "warning", Severity.P2, "pods-not-ready"),
                Arguments.of("TargetDown", "warning", Severity.P0, "service-down"),
                Arguments.of("NodeFilesystemSpaceFillingUp", "warning", Severity.P2, "disk-space"),
                Arguments.of("NodeFilesystemAlmostOutOfSpace", "critical", Severity.P2, "disk-space"),
                Arguments.of("NodeMemoryHighUtilization", "warning", Severity.P2, "memory"),
                Arguments.of("PostgresqlDown", "critical", Severity.P0, "database-unreachable"),
                Arguments.of("PostgresqlTooManyConnections", "warning", Severity.P1, "pool-exhausted"),
                Arguments.of("RedisDown", "critical", Severity.P0, "database-unreachable"),
                Arguments.of("RedisOutOfMemory", "warning", Severity.P2, "memory"),
                Arguments.of("RedisTooManyConnections", "warning", Severity.P1, "pool-exhausted"),
                // fallbacks
                Arguments.of("SomethingNobodyNamed", "critical", Severity.P1, "other-critical"),
                Arguments.of("SomethingNobodyNamed", "warning", Severity.P3, "other"));
    }

    @ParameterizedTest(name = "{0} severity={1} -> {2}")
    @MethodSource("alerts")
    void shouldClassifyAsThePolicySays(String alertname, String severityLabel, Severity expected, String rule) {
        ClassificationRules.SeverityRule matched = RULES.classify(Map.of("alertname", alertname, "severity", severityLabel))
                .orElseThrow();

        assertThat(matched.severity()).isEqualTo(expected);
        assertThat(matched.name()).isEqualTo(rule);
    }

    @Test
    void shouldGiveTheSeedsResponseTimes() {
        assertThat(RULES.respondWithin(Severity.P0)).isEqualTo(Duration.ofMinutes(15));
        assertThat(RULES.respondWithin(Severity.P1)).isEqualTo(Duration.ofHours(1));
        assertThat(RULES.respondWithin(Severity.P2)).isEqualTo(Duration.ofHours(4));
        assertThat(RULES.respondWithin(Severity.P3)).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void shouldSetP0OnlyThroughRulesThatMeanTotalUnavailability() {
        assertThat(RULES.severityRules()).filteredOn(rule -> rule.severity() == Severity.P0)
                .extracting(ClassificationRules.SeverityRule::name)
                .containsExactly("service-down", "database-unreachable");
    }

    static Stream<Arguments> logLines() {
        return Stream.of(
                Arguments.of("FATAL: sorry, too many clients already", "too-many-connections"),
                Arguments.of("ERROR 1040 (HY000): Too many connections", "too-many-connections"),
                Arguments.of("QueuePool limit of size 20 overflow 10 reached, connection timed out", "connection-pool-exhausted"),
                Arguments.of("Last State: Terminated Reason: OOMKilled", "out-of-memory"),
                Arguments.of("java.lang.OutOfMemoryError: Java heap space", "out-of-memory"),
                Arguments.of("write /data/x: no space left on device", "disk-full"),
                Arguments.of("Back-off restarting failed container api in pod api-7f9c (CrashLoopBackOff)", "crash-loop"),
                Arguments.of("dial tcp 127.0.0.1:5432: connect: connection refused", "connection-refused"),
                Arguments.of("ERROR: deadlock detected", "deadlock"),
                Arguments.of("x509: certificate has expired or is not yet valid", "certificate-expired"),
                Arguments.of("OOM command not allowed when used memory > 'maxmemory'.", "redis-oom"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("logLines")
    void shouldRecogniseTheSeedsLogSignatures(String line, String signature) {
        assertThat(RULES.logSignatures()).filteredOn(s -> s.pattern().matcher(line).find())
                .extracting(ClassificationRules.LogSignature::name).contains(signature);
    }
}
