package dev.quell.remediator.app;

import dev.quell.remediator.actions.RemediationAction;
import java.util.List;

/** The actions Quell knows. */
public record Actions(List<RemediationAction<?>> all) {
}
