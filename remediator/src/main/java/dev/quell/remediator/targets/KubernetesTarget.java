package dev.quell.remediator.targets;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * A configured Kubernetes cluster ({@code quell.targets.kubernetes.<name>}): the client (in-cluster
 * service account or a kubeconfig) and the namespaces actions may touch — an allowlist that a
 * playbook or an alert label can choose within, never widen.
 */
public record KubernetesTarget(String name, List<String> namespaces, KubernetesClient client) implements Target {

    public KubernetesTarget {
        namespaces = List.copyOf(namespaces);
    }

    @Override
    public String id() {
        return "kubernetes/" + name;
    }

    public boolean allows(String namespace) {
        return namespaces.contains(namespace);
    }

    @Override
    public String toString() {
        return "KubernetesTarget[" + id() + ", namespaces=" + namespaces + "]";
    }
}
