package dev.quell.remediator.actions;

/**
 * The action looked at the target and declined to touch it — a bare pod, a workload that would
 * lose too many ready replicas, a container outside the allowlist. Nothing was changed; the engine
 * reports it as failed with the reason, but it does not count towards blocking the target.
 */
public class ActionRefusedException extends Exception {

    public ActionRefusedException(String reason) {
        super(reason);
    }
}
