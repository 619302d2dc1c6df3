package dev.quell.remediator.targets;

/** Something an action may touch, defined only in configuration and known by its name ({@code postgres/main}). */
public sealed interface Target permits PostgresTarget, RedisTarget, KubernetesTarget, DockerTarget {

    /** {@code <kind>/<configured name>}: what playbooks name and events carry as subject. */
    String id();
}
