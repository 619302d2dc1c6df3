package dev.quell.remediator.playbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quell.remediator.actions.ActionParams;
import dev.quell.schemas.events.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Params filled from an alert's labels: only plain names get through, whatever the labels say. */
class PlaybookTemplateTest {

    private final Playbook rollout = new Playbook("rollout", new Playbook.Match(Set.of("ServiceDown"), List.of(), Set.of(),
            Severity.P3), "k8s.rollout-restart", "kubernetes/main",
            ActionParams.of(Map.of("namespace", "{{labels.namespace}}", "workload", "deployment/{{labels.job}}")),
            new Playbook.Bounds(Duration.ofMinutes(10), 2, 1), new Playbook.Verify(Duration.ofMinutes(1), Duration.ofSeconds(5)),
            Optional.empty());

    @Test
    void shouldFillEachPlaceholderFromTheLabels() {
        ActionParams params = rollout.paramsFor(Map.of("namespace", "one-data-system", "job", "data-api"), null);

        assertThat(params.values()).containsExactlyInAnyOrderEntriesOf(
                Map.of("namespace", "one-data-system", "workload", "deployment/data-api"));
    }

    @Test
    void shouldNameTheParamWhoseLabelIsMissing() {
        assertThatThrownBy(() -> rollout.paramsFor(Map.of("job", "data-api"), null))
                .hasMessage("param namespace: {{labels.namespace}} has no value for labels.namespace");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../etc", "-rf", "a b", "x;rm -rf /", "$(reboot)", "name'--", "a/b", "ns\nother", ""})
    void shouldRefuseALabelValueThatIsNotAPlainName(String hostile) {
        assertThatThrownBy(() -> rollout.paramsFor(Map.of("namespace", "shop", "job", hostile), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("param workload: deployment/{{labels.job}} ");
    }
}
