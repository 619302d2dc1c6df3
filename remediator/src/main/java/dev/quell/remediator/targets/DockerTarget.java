package dev.quell.remediator.targets;

import com.github.dockerjava.api.DockerClient;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A configured Docker host ({@code quell.targets.docker.<name>}): the client and the label
 * allowlist a container must satisfy before any action touches it. For every label key named in
 * the allowlist the container must carry one of the values given for it (values of one key are
 * alternatives; different keys must all hold), e.g. {@code com.docker.compose.project=dpa}.
 */
public record DockerTarget(String name, String host, Map<String, Set<String>> allowedLabels, DockerClient client)
        implements Target {

    public DockerTarget {
        allowedLabels = Map.copyOf(allowedLabels);
    }

    @Override
    public String id() {
        return "docker/" + name;
    }

    public boolean allows(Map<String, String> containerLabels) {
        Map<String, String> labels = containerLabels == null ? Map.of() : containerLabels;
        return allowedLabels.entrySet().stream().allMatch(rule -> {
            String value = labels.get(rule.getKey());
            return value != null && rule.getValue().contains(value);
        });
    }

    /** The allowlist as written in configuration, for messages. */
    public List<String> allowlist() {
        return allowedLabels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(rule -> rule.getValue().stream().sorted().map(value -> rule.getKey() + "=" + value)).toList();
    }

    @Override
    public String toString() {
        return "DockerTarget[" + id() + ", host=" + host + ", allowedLabels=" + allowlist() + "]";
    }
}
