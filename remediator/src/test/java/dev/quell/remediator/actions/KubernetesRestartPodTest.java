package dev.quell.remediator.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quell.remediator.targets.KubernetesTarget;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code k8s.restart-pod} against the fabric8 mock API server in CRUD mode (no controllers run: the test plays them). */
@EnableKubernetesMockClient(crud = true)
class KubernetesRestartPodTest {

    KubernetesClient client;
    private KubernetesTarget target;
    private KubernetesObjects shop;
    private final KubernetesRestartPod action = new KubernetesRestartPod();

    @BeforeEach
    void cluster() {
        target = new KubernetesTarget("prod", List.of("shop"), client);
        shop = new KubernetesObjects(client, "shop");
    }

    @Test
    void shouldDeleteAPodOwnedByAReplicaSetAndNameItsDeploymentAsTheSubject() throws Exception {
        shop.deployment("checkout", 4, 4);
        ActionParams params = params("shop", "checkout-rs-1");

        assertThat(action.subject(target, params)).isEqualTo("kubernetes/prod/shop/deployment/checkout");
        ActionResult result = action.run(target, params);

        assertThat(shop.get("checkout-rs-1")).isNull();
        assertThat(shop.get("checkout-rs-0")).isNotNull();
        assertThat(result.outcome()).isEqualTo(
                "deleted pod shop/checkout-rs-1 of deployment/checkout; ReplicaSet checkout-rs replaces it");
    }

    @Test
    void shouldRefuseABarePod() {
        shop.pod("debug", null, null, null, true);

        assertThatThrownBy(() -> action.run(target, params("shop", "debug")))
                .isInstanceOf(ActionRefusedException.class)
                .hasMessage("pod shop/debug has no controller: a bare pod is never deleted, nothing would recreate it");
        assertThat(shop.get("debug")).isNotNull();
    }

    @Test
    void shouldRefuseANamespaceOutsideTheAllowlist() {
        new KubernetesObjects(client, "kube-system").deployment("coredns", 2, 2);

        assertThatThrownBy(() -> action.run(target, params("kube-system", "coredns-rs-0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("namespace kube-system is not among the namespaces kubernetes/prod allows: [shop]");
        assertThat(new KubernetesObjects(client, "kube-system").get("coredns-rs-0")).isNotNull();
    }

    @Test
    void shouldRefuseWhenTheWorkloadWouldFallBelowItsHealthyFraction() {
        shop.deployment("payments", 2, 2);

        assertThatThrownBy(() -> action.run(target, params("shop", "payments-rs-0")))
                .isInstanceOf(ActionRefusedException.class)
                .hasMessage("blast radius: deleting payments-rs-0 would leave 1 of 2 pods of ReplicaSet payments-rs ready,"
                        + " below minHealthyFraction 0.75 (2)");
        assertThat(shop.get("payments-rs-0")).isNotNull();
    }

    @Test
    void shouldDeleteAPodThatIsNotReadyEvenWhenTheWorkloadIsBelowItsFraction() throws Exception {
        shop.deployment("payments", 2, 1); // payments-rs-1 is the crash-looping one

        action.run(target, params("shop", "payments-rs-1"));

        assertThat(shop.get("payments-rs-1")).isNull();
    }

    @Test
    void shouldBeVerifiedOnlyByAReadyReplacement() throws Exception {
        ReplicaSet replicaSet = shop.deployment("checkout", 4, 4);
        ActionParams params = params("shop", "checkout-rs-1");
        ActionResult result = action.run(target, params);

        assertThat(action.verified(target, params, result)).as("the three surviving pods are not a replacement").isFalse();
        // the ReplicaSet controller's part: a new pod, first not ready, then ready
        shop.pod("checkout-rs-x", "ReplicaSet", "checkout-rs", replicaSet.getMetadata().getUid(), false);
        assertThat(action.verified(target, params, result)).isFalse();
        client.pods().inNamespace("shop").withName("checkout-rs-x").delete();
        shop.pod("checkout-rs-y", "ReplicaSet", "checkout-rs", replicaSet.getMetadata().getUid(), true);
        assertThat(action.verified(target, params, result)).isTrue();
    }

    @Test
    void shouldRefuseAPodThatIsGone() {
        assertThatThrownBy(() -> action.subject(target, params("shop", "ghost")))
                .isInstanceOf(ActionRefusedException.class).hasMessage("no pod shop/ghost (already replaced?)");
    }

    @Test
    void shouldRejectUnknownParamsAndABadFraction() {
        assertThatThrownBy(() -> action.validate(ActionParams.of(Map.of("namespace", "shop", "pod", "p", "force", "true")), target))
                .hasMessageStartingWith("unknown param 'force'");
        assertThatThrownBy(() -> action.validate(ActionParams.of(Map.of("namespace", "shop", "pod", "p",
                "minHealthyFraction", "2")), target)).hasMessage("param minHealthyFraction: must be between 0 and 1");
    }

    private static ActionParams params(String namespace, String pod) {
        return ActionParams.of(Map.of("namespace", namespace, "pod", pod));
    }
}
