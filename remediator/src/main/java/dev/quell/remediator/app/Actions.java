package dev.quell.remediator.app;

import dev.quell.remediator.actions.DockerRestartContainer;
import dev.quell.remediator.actions.KubernetesRestartPod;
import dev.quell.remediator.actions.KubernetesRolloutRestart;
import dev.quell.remediator.actions.PostgresKillIdleConnections;
import dev.quell.remediator.actions.RedisEvictLru;
import dev.quell.remediator.actions.RemediationAction;
import java.util.List;

/** The actions Quell knows. */
public record Actions(List<RemediationAction<?>> all) {

    /** Every action Quell ships (docs/remediation-actions.md). */
    public static Actions builtIn() {
        return new Actions(List.of(new PostgresKillIdleConnections(), new RedisEvictLru(), new KubernetesRestartPod(),
                new KubernetesRolloutRestart(), new DockerRestartContainer()));
    }
}
