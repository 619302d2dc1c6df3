package dev.quell.remediator.engine;

import dev.quell.remediator.actions.ActionParams;
import dev.quell.remediator.actions.RemediationAction;
import dev.quell.remediator.playbooks.Playbook;
import dev.quell.remediator.targets.Target;

/**
 * One playbook's run on one target, its params filled from the incident, and the subject its
 * bounds apply to ({@link RemediationAction#subject}).
 */
record Step(Playbook playbook, Target target, ActionParams params, String subject) {

    /** A planned step as this replica can take it, or why it cannot ({@code step} {@code null}). */
    record OrWhyNot(Step step, String whyNot) {
    }
}
