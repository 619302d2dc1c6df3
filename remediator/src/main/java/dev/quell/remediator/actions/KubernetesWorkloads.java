package dev.quell.remediator.actions;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the Kubernetes actions read about pods and their controllers, with the permissions the
 * remediator's Role grants ({@code pods: get, list}, {@code replicasets: get}, {@code deployments,
 * statefulsets: get}).
 */
final class KubernetesWorkloads {

    /** The workload the bounds and a rollout apply to: a Deployment, StatefulSet or DaemonSet. */
    record Workload(String kind, String name) {

        /** {@code deployment/checkout}, as params and subjects write it. */
        String path() {
            return kind.toLowerCase(Locale.ROOT) + "/" + name;
        }
    }

    private KubernetesWorkloads() {
    }

    static Pod pod(KubernetesClient client, String namespace, String name) throws ActionRefusedException {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        if (pod == null) {
            throw new ActionRefusedException("no pod " + namespace + "/" + name + " (already replaced?)");
        }
        return pod;
    }

    /** The controller that owns the pod: a ReplicaSet, StatefulSet or DaemonSet, never a bare pod or a Job's. */
    static OwnerReference controller(Pod pod) throws ActionRefusedException {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        Optional<OwnerReference> controller = owners == null ? Optional.empty()
                : owners.stream().filter(owner -> Boolean.TRUE.equals(owner.getController())).findFirst();
        String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        if (controller.isEmpty()) {
            throw new ActionRefusedException("pod " + name + " has no controller: a bare pod is never deleted, nothing would recreate it");
        }
        String kind = controller.get().getKind();
        if (!List.of("ReplicaSet", "StatefulSet", "DaemonSet").contains(kind)) {
            throw new ActionRefusedException("pod " + name + " is owned by a " + kind
                    + ", not a ReplicaSet, StatefulSet or DaemonSet");
        }
        return controller.get();
    }

    /** The workload behind a pod: a ReplicaSet's Deployment (or the ReplicaSet itself if none owns it). */
    static Workload workloadOf(KubernetesClient client, Pod pod) throws ActionRefusedException {
        OwnerReference controller = controller(pod);
        if (!controller.getKind().equals("ReplicaSet")) {
            return new Workload(controller.getKind(), controller.getName());
        }
        ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(pod.getMetadata().getNamespace())
                .withName(controller.getName()).get();
        List<OwnerReference> owners = replicaSet == null ? null : replicaSet.getMetadata().getOwnerReferences();
        return owners == null ? new Workload("ReplicaSet", controller.getName())
                : owners.stream().filter(owner -> Boolean.TRUE.equals(owner.getController())
                                && owner.getKind().equals("Deployment"))
                        .findFirst().map(owner -> new Workload("Deployment", owner.getName()))
                        .orElse(new Workload("ReplicaSet", controller.getName()));
    }

    /** The pods a controller owns (by uid), not counting those already being deleted. */
    static List<Pod> ownedBy(KubernetesClient client, String namespace, String ownerUid) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .filter(pod -> pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences()
                        .stream().anyMatch(owner -> ownerUid.equals(owner.getUid())))
                .toList();
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(condition -> condition.getType().equals("Ready") && condition.getStatus().equals("True"));
    }

    /** The namespace param, which must be in the target's allowlist. */
    static String namespace(ActionParams params, dev.quell.remediator.targets.KubernetesTarget target) {
        String namespace = params.required("namespace", "{{labels.namespace}}");
        if (!params.isTemplate("namespace") && !target.allows(namespace)) {
            throw new IllegalArgumentException("namespace " + namespace + " is not among the namespaces " + target.id()
                    + " allows: " + target.namespaces());
        }
        return namespace;
    }
}
