package dev.quell.remediator.actions;

import dev.quell.remediator.actions.KubernetesWorkloads.Workload;
import dev.quell.remediator.targets.KubernetesTarget;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code k8s.rollout-restart}: the seeds' {@code kubectl rollout restart} — stamp the pod template
 * of a Deployment or StatefulSet with {@code kubectl.kubernetes.io/restartedAt} so its controller
 * replaces every pod in its own rolling, surge-limited way. The workload is named by
 * {@code workload} ({@code deployment/checkout}) or found from the alerting {@code pod}. Never a
 * second rollout while one is in flight. Verified when the rollout completed: the controller saw
 * the new generation and every desired replica is updated and ready.
 */
public final class KubernetesRolloutRestart implements RemediationAction<KubernetesTarget> {

    public static final String NAME = "k8s.rollout-restart";
    private static final Set<String> PARAMS = Set.of("namespace", "workload", "pod");

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
        boolean byWorkload = params.values().containsKey("workload");
        if (byWorkload == params.values().containsKey("pod")) {
            throw new IllegalArgumentException("name the workload (workload: deployment/checkout) or the alerting pod"
                    + " (pod: \"{{labels.pod}}\"), one of the two");
        }
        if (byWorkload && !params.isTemplate("workload")) {
            named(params.string("workload", ""));
        }
    }

    @Override
    public String subject(KubernetesTarget target, ActionParams params) throws ActionRefusedException {
        return target.id() + "/" + params.string("namespace", "") + "/" + workload(target.client(), params).path();
    }

    @Override
    public ActionResult run(KubernetesTarget target, ActionParams params) throws ActionRefusedException {
        validate(params, target);
        KubernetesClient client = target.client();
        String namespace = params.string("namespace", "");
        Workload workload = workload(client, params);
        HasMetadata restarted = switch (workload.kind()) {
            case "Deployment" -> {
                Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(workload.name()).get();
                refuseIfMissingOrRolling(namespace, workload, deployment, deployment != null && rolling(deployment));
                yield client.apps().deployments().inNamespace(namespace).withName(workload.name()).rolling().restart();
            }
            case "StatefulSet" -> {
                StatefulSet set = client.apps().statefulSets().inNamespace(namespace).withName(workload.name()).get();
                refuseIfMissingOrRolling(namespace, workload, set, set != null && rolling(set));
                yield client.apps().statefulSets().inNamespace(namespace).withName(workload.name()).rolling().restart();
            }
            default -> throw new ActionRefusedException(workload.path() + ": only a Deployment or StatefulSet is rolled out");
        };
        long generation = Objects.requireNonNullElse(restarted.getMetadata().getGeneration(), 0L);
        return new ActionResult(true, "rollout restart of " + namespace + "/" + workload.path() + " (generation "
                + generation + ")", 0, Map.of("kind", workload.kind(), "name", workload.name(),
                "generation", Long.toString(generation)));
    }

    @Override
    public boolean verified(KubernetesTarget target, ActionParams params, ActionResult result) {
        String namespace = params.string("namespace", "");
        long generation = Long.parseLong(result.fact("generation"));
        if (result.fact("kind").equals("Deployment")) {
            Deployment deployment = target.client().apps().deployments().inNamespace(namespace)
                    .withName(result.fact("name")).get();
            return deployment != null && observed(deployment.getStatus() == null ? null
                    : deployment.getStatus().getObservedGeneration(), generation) && !rolling(deployment)
                    && count(deployment.getStatus().getReadyReplicas()) >= desired(deployment.getSpec().getReplicas());
        }
        StatefulSet set = target.client().apps().statefulSets().inNamespace(namespace).withName(result.fact("name")).get();
        return set != null && observed(set.getStatus() == null ? null : set.getStatus().getObservedGeneration(), generation)
                && !rolling(set) && count(set.getStatus().getReadyReplicas()) >= desired(set.getSpec().getReplicas());
    }

    private static Workload workload(KubernetesClient client, ActionParams params) throws ActionRefusedException {
        String namespace = params.string("namespace", "");
        if (params.values().containsKey("workload")) {
            return named(params.string("workload", ""));
        }
        return KubernetesWorkloads.workloadOf(client, KubernetesWorkloads.pod(client, namespace, params.string("pod", "")));
    }

    private static Workload named(String path) {
        String[] parts = path.split("/", 2);
        String kind = parts[0].toLowerCase(java.util.Locale.ROOT);
        if (parts.length != 2 || parts[1].isBlank() || !(kind.equals("deployment") || kind.equals("statefulset"))) {
            throw new IllegalArgumentException("param workload: '" + path + "' is not deployment/<name> or statefulset/<name>");
        }
        return new Workload(kind.equals("deployment") ? "Deployment" : "StatefulSet", parts[1]);
    }

    private static void refuseIfMissingOrRolling(String namespace, Workload workload, HasMetadata object, boolean rolling)
            throws ActionRefusedException {
        if (object == null) {
            throw new ActionRefusedException("no " + workload.path() + " in namespace " + namespace);
        }
        if (rolling) {
            throw new ActionRefusedException("a rollout of " + namespace + "/" + workload.path()
                    + " is still in flight; never a second one on top of it");
        }
    }

    /** In flight: the controller has not seen the latest spec, or not every desired replica runs the latest template. */
    private static boolean rolling(Deployment deployment) {
        DeploymentStatus status = deployment.getStatus();
        int desired = desired(deployment.getSpec().getReplicas());
        return status == null ? desired > 0
                : !observed(status.getObservedGeneration(), generation(deployment))
                || count(status.getUpdatedReplicas()) < desired || count(status.getReplicas()) > count(status.getUpdatedReplicas());
    }

    private static boolean rolling(StatefulSet set) {
        StatefulSetStatus status = set.getStatus();
        int desired = desired(set.getSpec().getReplicas());
        return status == null ? desired > 0
                : !observed(status.getObservedGeneration(), generation(set))
                || count(status.getUpdatedReplicas()) < desired
                || (status.getUpdateRevision() != null && !status.getUpdateRevision().equals(status.getCurrentRevision()));
    }

    private static boolean observed(Long observedGeneration, long generation) {
        return Objects.requireNonNullElse(observedGeneration, 0L) >= generation;
    }

    private static long generation(HasMetadata object) {
        return Objects.requireNonNullElse(object.getMetadata().getGeneration(), 0L);
    }

    private static int desired(Integer replicas) {
        return Objects.requireNonNullElse(replicas, 1);
    }

    private static int count(Integer value) {
        return Objects.requireNonNullElse(value, 0);
    }
}
