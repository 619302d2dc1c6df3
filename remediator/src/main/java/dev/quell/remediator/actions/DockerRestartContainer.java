package dev.quell.remediator.actions;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.quell.remediator.targets.DockerTarget;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker.restart-container}: the seeds' {@code docker-compose restart dpa-api} — restart
 * the running containers of one Compose {@code service} (and {@code project}, when given) on a
 * configured Docker host, at most {@code maxContainers} of them, and only containers whose labels
 * pass the host's allowlist. A stopped container is left alone (someone stopped it, or it crashed
 * for good: a restart loop is not Quell's to start). Verified when each container runs again with
 * a new start time and, when it has a healthcheck, reports healthy.
 */
public final class DockerRestartContainer implements RemediationAction<DockerTarget> {

    public static final String NAME = "docker.restart-container";
    static final String SERVICE_LABEL = "com.docker.compose.service";
    static final String PROJECT_LABEL = "com.docker.compose.project";
    private static final Set<String> PARAMS = Set.of("service", "project", "stopTimeout", "maxContainers");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<DockerTarget> targetType() {
        return DockerTarget.class;
    }

    @Override
    public void validate(ActionParams params, DockerTarget target) {
        params.allowOnly(PARAMS);
        params.required("service", "{{labels.service}}");
        params.duration("stopTimeout", Duration.ofSeconds(10));
        params.integer("maxContainers", 3, 1, 20);
    }

    /** {@code docker/<host>/<project>/<service>}, or {@code docker/<host>/<service>} without a project. */
    @Override
    public String subject(DockerTarget target, ActionParams params) {
        String project = params.string("project", null);
        return target.id() + "/" + (project == null ? "" : project + "/") + params.string("service", "");
    }

    @Override
    public ActionResult run(DockerTarget target, ActionParams params) throws ActionRefusedException {
        validate(params, target);
        DockerClient docker = target.client();
        String service = describe(params);
        List<Container> containers = containers(docker, params);
        if (containers.isEmpty()) {
            throw new IllegalStateException("no container of Compose service " + service + " on " + target.id());
        }
        List<Container> allowed = containers.stream().filter(container -> target.allows(container.getLabels())).toList();
        if (allowed.isEmpty()) {
            throw new ActionRefusedException("the containers of " + service + " (" + names(containers)
                    + ") are outside the label allowlist of " + target.id() + ": " + target.allowlist());
        }
        int max = params.integer("maxContainers", 3, 1, 20);
        if (allowed.size() > max) {
            throw new ActionRefusedException(service + " has " + allowed.size() + " containers, more than maxContainers "
                    + max);
        }
        for (Container container : allowed) {
            if (!"running".equals(container.getState())) {
                throw new IllegalStateException("container " + name(container) + " is " + container.getState()
                        + ", not running: Quell restarts running containers only");
            }
        }
        Map<String, String> startedAt = new LinkedHashMap<>();
        int stopTimeout = (int) params.duration("stopTimeout", Duration.ofSeconds(10)).toSeconds();
        for (Container container : allowed) {
            startedAt.put(container.getId(), docker.inspectContainerCmd(container.getId()).exec().getState().getStartedAt());
            docker.restartContainerCmd(container.getId()).withTimeout(stopTimeout).exec();
        }
        return new ActionResult(true, "restarted " + names(allowed) + " of " + service + " on " + target.id(), 0, startedAt);
    }

    /** Every restarted container runs again, started after the restart, and healthy when it has a healthcheck. */
    @Override
    public boolean verified(DockerTarget target, ActionParams params, ActionResult result) {
        for (Map.Entry<String, String> restarted : result.facts().entrySet()) {
            InspectContainerResponse.ContainerState state = target.client().inspectContainerCmd(restarted.getKey())
                    .exec().getState();
            boolean running = Boolean.TRUE.equals(state.getRunning()) && !restarted.getValue().equals(state.getStartedAt());
            boolean healthy = state.getHealth() == null || "healthy".equals(state.getHealth().getStatus());
            if (!running || !healthy) {
                return false;
            }
        }
        return true;
    }

    private static List<Container> containers(DockerClient docker, ActionParams params) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SERVICE_LABEL, params.string("service", ""));
        String project = params.string("project", null);
        if (project != null) {
            labels.put(PROJECT_LABEL, project);
        }
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
    }

    private static String describe(ActionParams params) {
        String project = params.string("project", null);
        return (project == null ? "" : project + "/") + params.string("service", "");
    }

    private static String names(List<Container> containers) {
        return String.join(", ", containers.stream().map(DockerRestartContainer::name).toList());
    }

    private static String name(Container container) {
        String[] names = container.getNames();
        return names == null || names.length == 0 ? container.getId().substring(0, 12) : names[0].replaceFirst("^/", "");
    }
}
