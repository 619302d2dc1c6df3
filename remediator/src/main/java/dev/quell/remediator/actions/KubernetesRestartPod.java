package dev.quell.remediator.actions;

import dev.quell.remediator.actions.KubernetesWorkloads.Workload;
import dev.quell.remediator.targets.KubernetesTarget;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code k8s.restart-pod}: delete one pod named by the incident's labels so its controller
 * replaces it — only when a ReplicaSet, StatefulSet or DaemonSet owns it (a bare pod would not come
 * back), only in an allowlisted namespace, and only when the deletion leaves the workload at least
 * {@code minHealthyFraction} of its desired replicas ready (deleting a pod that is not ready takes
 * no ready capacity away). Verified by a Ready replacement: a pod of the same controller that did
 * not exist before the deletion.
 */
public final class KubernetesRestartPod implements RemediationAction<KubernetesTarget> {

    public static final String NAME = "k8s.restart-pod";
    private static final Set<String> PARAMS = Set.of("namespace", "pod", "minHealthyFraction", "gracePeriod");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<KubernetesTarget> targetType() {
        return KubernetesTarget.class;
    }

    @Override
    public void validate(ActionParams params, KubernetesTarget target) {
        params.allowOnly(PARAMS);
        KubernetesWorkloads.namespace(params, target);
        params.required("pod", "{{labels.pod}}");
        params.fraction("minHealthyFraction", 0.75);
        params.duration("gracePeriod", Duration.ofSeconds(30));
    }

    /** The pod's workload ({@code kubernetes/prod/shop/deployment/checkout}), so a replacement pod shares its bounds. */
    @Override
    public String subject(KubernetesTarget target, ActionParams params) throws ActionRefusedException {
        String namespace = params.string("namespace", "");
        Pod pod = KubernetesWorkloads.pod(target.client(), namespace, params.string("pod", ""));
        return target.id() + "/" + namespace + "/" + KubernetesWorkloads.workloadOf(target.client(), pod).path();
    }

    @Override
    public ActionResult run(KubernetesTarget target, ActionParams params) throws ActionRefusedException {
        validate(params, target);
        KubernetesClient client = target.client();
        String namespace = params.string("namespace", "");
        Pod pod = KubernetesWorkloads.pod(client, namespace, params.string("pod", ""));
        OwnerReference controller = KubernetesWorkloads.controller(pod);
        List<Pod> siblings = KubernetesWorkloads.ownedBy(client, namespace, controller.getUid());
        checkBlastRadius(client, pod, controller, siblings, params.fraction("minHealthyFraction", 0.75));

        Set<String> before = new HashSet<>();
        siblings.forEach(sibling -> before.add(sibling.getMetadata().getUid()));
        before.add(pod.getMetadata().getUid());
        client.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                .withGracePeriod(params.duration("gracePeriod", Duration.ofSeconds(30)).toSeconds()).delete();
        Workload workload = KubernetesWorkloads.workloadOf(client, pod);
        return new ActionResult(true, "deleted pod " + namespace + "/" + pod.getMetadata().getName() + " of "
                + workload.path() + "; " + controller.getKind() + " " + controller.getName() + " replaces it", 0,
                Map.of("ownerUid", controller.getUid(), "podsBefore", String.join(",", before)));
    }

    @Override
    public boolean verified(KubernetesTarget target, ActionParams params, ActionResult result) {
        Set<String> before = Set.of(result.fact("podsBefore").split(","));
        return KubernetesWorkloads.ownedBy(target.client(), params.string("namespace", ""), result.fact("ownerUid"))
                .stream().anyMatch(pod -> !before.contains(pod.getMetadata().getUid()) && KubernetesWorkloads.ready(pod));
    }

    private static void checkBlastRadius(KubernetesClient client, Pod pod, OwnerReference controller, List<Pod> siblings,
                                         double minHealthyFraction) throws ActionRefusedException {
        if (!KubernetesWorkloads.ready(pod)) {
            return; // deleting a pod that serves nothing lowers no ready count
        }
        int desired = desiredReplicas(client, pod.getMetadata().getNamespace(), controller, siblings);
        long readyAfter = siblings.stream().filter(KubernetesWorkloads::ready)
                .filter(sibling -> !sibling.getMetadata().getUid().equals(pod.getMetadata().getUid())).count();
        long floor = (long) Math.ceil(minHealthyFraction * desired);
        if (readyAfter < floor) {
            throw new ActionRefusedException("blast radius: deleting " + pod.getMetadata().getName() + " would leave "
                    + readyAfter + " of " + desired + " pods of " + controller.getKind() + " " + controller.getName()
                    + " ready, below minHealthyFraction " + minHealthyFraction + " (" + floor + ")");
        }
    }

    /** Spec replicas of a ReplicaSet or StatefulSet; for a DaemonSet, the pods it runs (one per node). */
    private static int desiredReplicas(KubernetesClient client, String namespace, OwnerReference controller,
                                       List<Pod> siblings) {
        Integer replicas = switch (controller.getKind()) {
            case "ReplicaSet" -> {
                ReplicaSet set = client.apps().replicaSets().inNamespace(namespace).withName(controller.getName()).get();
                yield set == null ? null : set.getSpec().getReplicas();
            }
            case "StatefulSet" -> {
                StatefulSet set = client.apps().statefulSets().inNamespace(namespace).withName(controller.getName()).get();
                yield set == null ? null : set.getSpec().getReplicas();
            }
            default -> null;
        };
        return Objects.requireNonNullElse(replicas, siblings.size());
    }
}
