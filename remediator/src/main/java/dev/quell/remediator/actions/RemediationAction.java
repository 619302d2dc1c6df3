package dev.quell.remediator.actions;

import dev.quell.remediator.targets.Target;

/**
 * One kind of fix, written as desired-vs-actual: look at the target, act once, say what was done;
 * and, separately, the action's own success condition. Bounds, modes, idempotency and events are
 * the engine's business, the same for every action.
 */
public interface RemediationAction<T extends Target> {

    /** The name playbooks use, e.g. {@code postgres.kill-idle-connections}. */
    String name();

    /** The kind of target it works on. */
    Class<T> targetType();

    /**
     * Checks a playbook's params: at load time (where a value may still be a template, see
     * {@link ActionParams#isTemplate}) and again for each incident once they are resolved.
     * @throws IllegalArgumentException naming the bad param
     */
    void validate(ActionParams params, T target);

    /**
     * What the engine's bounds (cooldown, budgets, blocking after failures) apply to, as
     * {@code <target id>[/<object>]}: the whole target by default; one workload or Compose service
     * of a cluster or Docker host for the actions that act on one.
     */
    default String subject(T target, ActionParams params) throws Exception {
        return target.id();
    }

    /** @throws ActionRefusedException when a look at the target shows it must not be touched */
    ActionResult run(T target, ActionParams params) throws Exception;

    /** True once the action's effect shows; the engine asks again until its verification timeout. */
    boolean verified(T target, ActionParams params, ActionResult result) throws Exception;
}
