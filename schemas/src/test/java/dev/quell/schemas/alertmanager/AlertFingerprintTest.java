package dev.quell.schemas.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AlertFingerprintTest {

    /**
     * Label sets with the fingerprint a real Alertmanager 0.25 (Debian's prometheus-alertmanager)
     * reported for them in {@code GET /api/v2/alerts} after they were posted to it.
     */
    static List<Object[]> measuredByRealAlertmanager() {
        return List.of(
                new Object[] {Map.of("alertname", "ServiceDown", "instance", "127.0.0.1:9", "job", "agent-api",
                        "namespace", "one-data-system", "service", "agent-api", "severity", "critical"),
                        "79c32f60d62e8266"},
                new Object[] {Map.of("alertname", "DatabasePoolExhausted", "severity", "critical", "job", "dpa-api"),
                        "2221874123c63b4d"},
                new Object[] {Map.of("alertname", "HighErrorRate", "severity", "critical", "instance", "dpa-api:8000"),
                        "b27b8baaea2527b5"},
                new Object[] {Map.of("alertname", "DiskSpaceLow", "severity", "warning", "mountpoint", "/data",
                        "device", "/dev/vda1", "fstype", "ext4"), "e51167756816900f"},
                new Object[] {Map.of("alertname", "HighLatency", "severity", "warning", "namespace", "one-data-system",
                        "service", "data-api"), "2a2c26d6e2b64a1f"},
                new Object[] {Map.of("alertname", "RAGRetrievalLatencyHigh", "summary", "检索延迟过高",
                        "severity", "warning"), "30e5ad650f2c9d51"},
                new Object[] {Map.of("alertname", "HighCPUUsage", "severity", "warning", "job", "cot-studio",
                        "Z", "upper first"), "70a62ccbeb5f60aa"});
    }

    /** Label sets from the seeds, checked against a second, independent implementation below. */
    static List<Map<String, String>> seedLabelSets() {
        return List.of(
                Map.of("alertname", "DatabasePoolExhausted", "severity", "critical", "job", "dpa-api"),
                Map.of("alertname", "HighErrorRate", "severity", "critical", "instance", "dpa-api:8000"),
                Map.of("alertname", "DiskSpaceLow", "severity", "warning", "mountpoint", "/data",
                        "device", "/dev/vda1", "fstype", "ext4"),
                Map.of("alertname", "HighLatency", "severity", "warning", "namespace", "one-data-system",
                        "service", "data-api"),
                Map.of("alertname", "RAGRetrievalLatencyHigh", "summary", "检索延迟过高", "severity", "warning"),
                Map.of("alertname", "X", "a", "", "b", "ä"),
                Map.of("alertname", "HighCPUUsage", "severity", "warning", "job", "cot-studio", "Z", "upper first"));
    }

    @ParameterizedTest
    @MethodSource("measuredByRealAlertmanager")
    void shouldMatchTheFingerprintARealAlertmanagerComputed(Map<String, String> labels, String expected) {
        assertThat(AlertFingerprint.of(labels)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("seedLabelSets")
    void shouldMatchAStraightforwardReferenceImplementation(Map<String, String> labels) {
        assertThat(AlertFingerprint.of(labels)).isEqualTo(reference(labels));
    }

    @Test
    void shouldGiveTheFnvOffsetBasisForNoLabels() {
        assertThat(AlertFingerprint.of(Map.of())).isEqualTo("cbf29ce484222325");
    }

    @Test
    void shouldNotDependOnTheOrderTheLabelsCameIn() {
        Map<String, String> forward = new java.util.LinkedHashMap<>();
        forward.put("a", "1");
        forward.put("b", "2");
        Map<String, String> backward = new java.util.LinkedHashMap<>();
        backward.put("b", "2");
        backward.put("a", "1");
        assertThat(AlertFingerprint.of(forward)).isEqualTo(AlertFingerprint.of(backward));
    }

    @Test
    void shouldSeparateNameFromValue() {
        assertThat(AlertFingerprint.of(Map.of("ab", "c"))).isNotEqualTo(AlertFingerprint.of(Map.of("a", "bc")));
    }

    /** FNV-1a 64 written out with arbitrary-precision arithmetic, byte by byte, as the spec reads. */
    private static String reference(Map<String, String> labels) {
        BigInteger modulus = BigInteger.ONE.shiftLeft(64);
        BigInteger prime = new BigInteger("1099511628211");
        BigInteger hash = new BigInteger("14695981039346656037");
        List<Integer> bytes = new ArrayList<>();
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            for (byte b : label.getKey().getBytes(StandardCharsets.UTF_8)) {
                bytes.add(b & 0xFF);
            }
            bytes.add(255);
            for (byte b : label.getValue().getBytes(StandardCharsets.UTF_8)) {
                bytes.add(b & 0xFF);
            }
            bytes.add(255);
        }
        for (int b : bytes) {
            hash = hash.xor(BigInteger.valueOf(b)).multiply(prime).mod(modulus);
        }
        String hex = hash.toString(16);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
