package dev.quell.remediator.actions;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.UUID;

/**
 * Cluster objects for the Kubernetes action tests. The fabric8 mock server stores objects but runs
 * no controllers, so these helpers also play the controllers' part: creating a replacement pod,
 * marking it ready, finishing a rollout.
 */
public final class KubernetesObjects {

    private final KubernetesClient client;
    private final String namespace;

    public KubernetesObjects(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** A Deployment {@code name} with its ReplicaSet {@code name-rs} and {@code readyPods} ready pods of {@code replicas}. */
    public ReplicaSet deployment(String name, int replicas, int readyPods) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withUid(uid()).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(namespace).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(name + "-rs").withNamespace(namespace).withUid(uid())
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                        .withName(name).withUid(deployment.getMetadata().getUid()).withController(true).build())
                .endMetadata().withNewSpec().withReplicas(replicas).endSpec().build()).create();
        for (int i = 0; i < replicas; i++) {
            pod(name + "-rs-" + i, "ReplicaSet", replicaSet.getMetadata().getName(), replicaSet.getMetadata().getUid(),
                    i < readyPods);
        }
        return replicaSet;
    }

    /** A pod, owned by a controller ({@code ownerKind} non-null) or bare. */
    public Pod pod(String name, String ownerKind, String ownerName, String ownerUid, boolean ready) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withUid(uid())
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
                .withNewStatus().withPhase("Running").addToConditions(new PodConditionBuilder().withType("Ready")
                        .withStatus(ready ? "True" : "False").build()).endStatus();
        if (ownerKind != null) {
            pod.editMetadata().addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                    .withKind(ownerKind).withName(ownerName).withUid(ownerUid).withController(true).build()).endMetadata();
        }
        return client.pods().inNamespace(namespace).resource(pod.build()).create();
    }

    public Pod get(String pod) {
        return client.pods().inNamespace(namespace).withName(pod).get();
    }

    private static String uid() {
        return UUID.randomUUID().toString();
    }
}
