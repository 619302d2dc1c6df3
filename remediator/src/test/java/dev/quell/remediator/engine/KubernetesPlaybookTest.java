package dev.quell.remediator.engine;

import static dev.quell.schemas.events.RemediationPhase.FAILED;
import static dev.quell.schemas.events.RemediationPhase.PLANNED;
import static dev.quell.schemas.events.RemediationPhase.SKIPPED;
import static dev.quell.schemas.events.RemediationPhase.STARTED;
import static dev.quell.schemas.events.RemediationPhase.SUCCEEDED;
import static dev.quell.schemas.events.RemediationPhase.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.remediator.actions.ActionParams;
import dev.quell.remediator.actions.KubernetesObjects;
import dev.quell.remediator.actions.KubernetesRestartPod;
import dev.quell.remediator.playbooks.Playbook;
import dev.quell.remediator.targets.KubernetesTarget;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.Severity;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A KubePodCrashLooping incident through the engine to {@code k8s.restart-pod} on the fabric8 mock
 * API server: params filled from the alert's labels, bounds per workload, verification by a
 * replacement pod (the mock runs no controllers, so the sleeper plays the ReplicaSet controller).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesPlaybookTest {

    KubernetesClient client;
    private final EngineFixture fixture = new EngineFixture();
    private final Playbook restartPod = new Playbook("crashloop-restart-pod",
            new Playbook.Match(Set.of("KubePodCrashLooping"), List.of(), Set.of(), Severity.P3), KubernetesRestartPod.NAME,
            "kubernetes/prod", ActionParams.of(Map.of("namespace", "{{labels.namespace}}", "pod", "{{labels.pod}}")),
            new Playbook.Bounds(Duration.ofMinutes(10), 10, 3), new Playbook.Verify(Duration.ofMinutes(2), Duration.ofSeconds(10)),
            Optional.empty());
    private KubernetesObjects shop;
    private ReplicaSet checkout;

    @BeforeEach
    void cluster() {
        shop = new KubernetesObjects(client, "shop");
        checkout = shop.deployment("checkout", 3, 2);
    }

    @Test
    void shouldRestartTheCrashLoopingPodAndVerifyByItsReadyReplacement() {
        engine(true).onIncident(crashLooping("shop", "checkout-rs-2", 1));

        assertThat(fixture.phases()).containsExactly(PLANNED, STARTED, SUCCEEDED, VERIFIED);
        assertThat(fixture.events).extracting(RemediationEvent::subject).containsOnly("kubernetes/prod/shop/deployment/checkout");
        assertThat(shop.get("checkout-rs-2")).isNull();
    }

    @Test
    void shouldFailWhenNoReplacementBecomesReadyWithinTheTimeout() {
        engine(false).onIncident(crashLooping("shop", "checkout-rs-2", 1));

        assertThat(fixture.phases()).containsExactly(PLANNED, STARTED, SUCCEEDED, FAILED);
        assertThat(fixture.reasons(FAILED)).containsExactly("not verified within PT2M");
    }

    @Test
    void shouldSkipWhenALabelWouldTakeTheActionOutsideTheAllowlistOrIsNoPlainName() {
        RemediationEngine engine = engine(true);

        engine.onIncident(crashLooping("kube-system", "coredns-0", 1));
        engine.onIncident(crashLooping("shop", "checkout-rs-2; kubectl delete ns shop", 2));

        assertThat(fixture.phases()).containsExactly(SKIPPED, SKIPPED);
        assertThat(fixture.reasons(SKIPPED)).containsExactly(
                "refused: namespace kube-system is not among the namespaces kubernetes/prod allows: [shop]",
                "refused: param pod: {{labels.pod}} gives 'checkout-rs-2; kubectl delete ns shop' for labels.pod,"
                        + " which is not a plain name");
        assertThat(shop.get("checkout-rs-2")).isNotNull();
    }

    @Test
    void shouldCoolDownTheWorkloadNotJustThePod() {
        RemediationEngine engine = engine(true);
        engine.onIncident(crashLooping("shop", "checkout-rs-2", 1));
        fixture.events.clear();

        engine.onIncident(crashLooping("shop", "checkout-rs-1", 2)); // another pod of the same deployment

        assertThat(fixture.phases()).containsExactly(SKIPPED);
        assertThat(fixture.reasons(SKIPPED).get(0)).startsWith("cooldown: no action on kubernetes/prod/shop/deployment/checkout");
        assertThat(shop.get("checkout-rs-1")).isNotNull();
    }

    private Incident crashLooping(String namespace, String pod, long version) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "KubePodCrashLooping");
        labels.put("severity", "warning");
        labels.put("namespace", namespace);
        labels.put("pod", pod);
        return fixture.incident(namespace + "/checkout", labels, version);
    }

    /** The engine; its sleeper plays the ReplicaSet controller when {@code controllerReplaces}: a ready new pod appears. */
    private RemediationEngine engine(boolean controllerReplaces) {
        Targets targets = new Targets(Map.of("kubernetes/prod", new KubernetesTarget("prod", List.of("shop"), client)));
        return new RemediationEngine(List.of(restartPod), Map.of(KubernetesRestartPod.NAME,
                new KubernetesRestartPod()), targets, fixture.ledger, (id, event) -> fixture.events.add(event),
                new RemediatorSettings(Playbook.Mode.ENFORCE, 20, 2, 2, Duration.ofMinutes(30), RemediatorSettings.SOURCE),
                fixture.clock, duration -> {
                    if (controllerReplaces && shop.get("checkout-rs-new") == null) {
                        shop.pod("checkout-rs-new", "ReplicaSet", "checkout-rs", checkout.getMetadata().getUid(), true);
                    }
                    fixture.clock.advance(duration);
                });
    }
}
