package dev.quell.remediator.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quell.remediator.targets.KubernetesTarget;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code k8s.rollout-restart} against the fabric8 mock API server in CRUD mode; the test plays the Deployment controller. */
@EnableKubernetesMockClient(crud = true)
class KubernetesRolloutRestartTest {

    private static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    KubernetesClient client;
    private KubernetesTarget target;
    private KubernetesObjects shop;
    private final KubernetesRolloutRestart action = new KubernetesRolloutRestart();

    @BeforeEach
    void cluster() {
        target = new KubernetesTarget("prod", List.of("shop"), client);
        shop = new KubernetesObjects(client, "shop");
        shop.deployment("checkout", 3, 3);
        finishRollout(); // the controller has caught up with the deployment as created
    }

    @Test
    void shouldStampTheRestartAnnotationOnTheDeploymentThatOwnsTheAlertingPod() throws Exception {
        ActionParams byPod = ActionParams.of(Map.of("namespace", "shop", "pod", "checkout-rs-2"));

        assertThat(action.subject(target, byPod)).isEqualTo("kubernetes/prod/shop/deployment/checkout");
        ActionResult result = action.run(target, byPod);

        assertThat(restartedAt()).isNotBlank();
        assertThat(result.outcome()).startsWith("rollout restart of shop/deployment/checkout");
    }

    @Test
    void shouldNeverStartASecondRolloutWhileOneIsInFlight() throws Exception {
        ActionParams params = ActionParams.of(Map.of("namespace", "shop", "workload", "deployment/checkout"));
        action.run(target, params);
        String first = restartedAt();
        markRolling(); // the controller is replacing pods: one of three updated so far

        assertThatThrownBy(() -> action.run(target, params)).isInstanceOf(ActionRefusedException.class)
                .hasMessage("a rollout of shop/deployment/checkout is still in flight; never a second one on top of it");
        assertThat(restartedAt()).as("the annotation is set once per restart").isEqualTo(first);
    }

    @Test
    void shouldBeVerifiedWhenEveryReplicaIsUpdatedAndReady() throws Exception {
        ActionParams params = ActionParams.of(Map.of("namespace", "shop", "workload", "deployment/checkout"));
        ActionResult result = action.run(target, params);
        markRolling();

        assertThat(action.verified(target, params, result)).isFalse();
        finishRollout();
        assertThat(action.verified(target, params, result)).isTrue();
    }

    @Test
    void shouldRefuseAMissingWorkloadAndANamespaceOutsideTheAllowlist() {
        assertThatThrownBy(() -> action.run(target, ActionParams.of(Map.of("namespace", "shop", "workload", "deployment/nope"))))
                .isInstanceOf(ActionRefusedException.class).hasMessage("no deployment/nope in namespace shop");
        assertThatThrownBy(() -> action.validate(ActionParams.of(Map.of("namespace", "default", "workload",
                "deployment/checkout")), target)).hasMessageStartingWith("namespace default is not among the namespaces");
        assertThatThrownBy(() -> action.validate(ActionParams.of(Map.of("namespace", "shop", "workload", "job/x")), target))
                .hasMessage("param workload: 'job/x' is not deployment/<name> or statefulset/<name>");
        assertThatThrownBy(() -> action.validate(ActionParams.of(Map.of("namespace", "shop")), target))
                .hasMessageStartingWith("name the workload");
    }

    private String restartedAt() {
        Map<String, String> annotations = client.apps().deployments().inNamespace("shop").withName("checkout").get()
                .getSpec().getTemplate().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(RESTARTED_AT);
    }

    private void markRolling() {
        setStatus(1, 1);
    }

    private void finishRollout() {
        setStatus(3, 3);
    }

    private void setStatus(int updated, int ready) {
        Deployment deployment = client.apps().deployments().inNamespace("shop").withName("checkout").get();
        long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 0L);
        deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(3)
                .withUpdatedReplicas(updated).withReadyReplicas(ready).withAvailableReplicas(ready).build());
        client.apps().deployments().inNamespace("shop").resource(deployment).updateStatus();
    }
}
