package dev.quell.schemas.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.quell.schemas.validation.JsonChecks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelationKeysTest {

    private final CorrelationKeys keys = CorrelationKeys.defaults();

    @Test
    void shouldJoinNamespaceAndServiceLabels() {
        assertThat(keys.forAlertLabels(Map.of("namespace", "short-drama-prod", "service", "api", "job", "x")))
                .isEqualTo("short-drama-prod/api");
    }

    @Test
    void shouldTakeTheFirstPresentLabelOfEachOrderedList() {
        assertThat(keys.forAlertLabels(Map.of("kubernetes_namespace", "one-data-system", "job", "agent-api",
                "instance", "10.0.0.1:8000"))).isEqualTo("one-data-system/agent-api");
        assertThat(keys.forAlertLabels(Map.of("instance", "dpa-api:8000"))).isEqualTo("-/dpa-api:8000");
    }

    @Test
    void shouldSkipEmptyLabelValues() {
        assertThat(keys.forAlertLabels(Map.of("namespace", "", "service", " ", "app", "cot-studio")))
                .isEqualTo("-/cot-studio");
    }

    @Test
    void shouldMarkAnUnknownHalfWithADash() {
        assertThat(keys.forAlertLabels(Map.of("alertname", "DiskSpaceLow"))).isEqualTo("-/-");
    }

    @Test
    void shouldAlwaysMakeAKeyTheTopicsSchemaTakes() {
        assertThat(keys.forAlertLabels(Map.of("namespace", "/", "service", "/"))).isEqualTo("_//");
        assertThat(keys.forAlertLabels(Map.of("namespace", "team/a", "container", "/k8s_api")))
                .as("the first slash separates the halves").isEqualTo("team_a//k8s_api");
        assertThat(keys.forLogFields(Map.of("kubernetes.namespace", " prod\n", "service.name", "api\u0000v2\u2028")::get))
                .as("surrounding whitespace dropped, control characters as _").isEqualTo("prod/api_v2");
        for (String key : List.of(keys.forAlertLabels(Map.of("namespace", "/", "service", "/")),
                keys.forLogFields(Map.of("service.name", "a\u0085b")::get))) {
            assertThat(JsonChecks.isCorrelationKey(TextNode.valueOf(key))).as(key).isTrue();
        }
    }

    @Test
    void shouldKeyLogsByKubernetesNamespaceAndServiceName() {
        Map<String, String> ecs = Map.of("kubernetes.namespace", "short-drama-prod", "service.name", "api",
                "host.name", "node-1");
        assertThat(keys.forLogFields(ecs::get)).isEqualTo("short-drama-prod/api");
    }

    @Test
    void shouldFallBackToTheAppLabelThenTheHostForLogs() {
        Map<String, String> appOnly = Map.of("kubernetes.labels.app", "rag-pipeline", "host.name", "node-1");
        assertThat(keys.forLogFields(appOnly::get)).isEqualTo("-/rag-pipeline");
        Map<String, String> hostOnly = Map.of("host.name", "cot-worker-1");
        assertThat(keys.forLogFields(hostOnly::get)).isEqualTo("-/cot-worker-1");
    }

    @Test
    void shouldHonourConfiguredLists() {
        CorrelationKeys custom = new CorrelationKeys(List.of("team"), List.of("component"),
                List.of("labels.team"), List.of("labels.component"));
        assertThat(custom.forAlertLabels(Map.of("team", "data", "component", "etl", "service", "ignored")))
                .isEqualTo("data/etl");
    }

    @Test
    void shouldRefuseAnEmptyList() {
        assertThatThrownBy(() -> new CorrelationKeys(List.of(), List.of("service"), List.of("a"), List.of("b")))
                .hasMessageContaining("namespace labels");
    }
}
