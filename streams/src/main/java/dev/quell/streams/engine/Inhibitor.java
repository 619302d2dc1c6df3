package dev.quell.streams.engine;

import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.matchers.Matchers;
import dev.quell.streams.rules.ClassificationRules.InhibitRule;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Alertmanager's inhibition among the alerts of one incident: a firing alert matching a rule's
 * target matchers is inhibited by another firing alert matching its source matchers whose
 * {@code equal} labels have the same values. As in Alertmanager, an alert that matches both sides
 * is not inhibited by a source that matches both sides too (so it never inhibits itself).
 */
final class Inhibitor {

    private final List<InhibitRule> rules;

    Inhibitor(List<InhibitRule> rules) {
        this.rules = rules;
    }

    /** Sets {@code inhibited} on every alert of the collection. */
    void apply(Collection<IncidentState.AlertState> alerts) {
        for (IncidentState.AlertState target : alerts) {
            target.inhibited = target.status == AlertStatus.FIRING && inhibited(target, alerts);
        }
    }

    private boolean inhibited(IncidentState.AlertState target, Collection<IncidentState.AlertState> alerts) {
        for (InhibitRule rule : rules) {
            if (!Matchers.allMatch(rule.targetMatchers(), target.labels)) {
                continue;
            }
            boolean targetMatchesSource = Matchers.allMatch(rule.sourceMatchers(), target.labels);
            for (IncidentState.AlertState source : alerts) {
                if (source != target
                        && source.status == AlertStatus.FIRING
                        && Matchers.allMatch(rule.sourceMatchers(), source.labels)
                        && !(targetMatchesSource && Matchers.allMatch(rule.targetMatchers(), source.labels))
                        && equalLabels(rule.equal(), source, target)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean equalLabels(List<String> names, IncidentState.AlertState a, IncidentState.AlertState b) {
        for (String name : names) {
            if (!Objects.equals(a.labels.getOrDefault(name, ""), b.labels.getOrDefault(name, ""))) {
                return false;
            }
        }
        return true;
    }
}
