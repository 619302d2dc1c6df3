package dev.quell.streams.engine;

import dev.quell.schemas.matchers.Matchers;
import dev.quell.streams.rules.ClassificationRules;
import dev.quell.streams.rules.ClassificationRules.InhibitRule;
import dev.quell.streams.rules.ClassificationRules.SeverityRule;
import java.util.List;
import java.util.Optional;

/**
 * What the rules say about one alert's labels: the severity rule they match, and for each
 * inhibition rule whether they match its source and its target side. Worked out once per label
 * set and kept on the alert (not stored: it follows from the labels and the rules), instead of on
 * every input of the incident for every alert of it — label matching was the largest cost of
 * classification in the benchmark's profile.
 */
public final class LabelVerdicts {

    private final ClassificationRules rules;
    private final Optional<SeverityRule> severityRule;
    private final boolean[] inhibitSource;
    private final boolean[] inhibitTarget;

    private LabelVerdicts(ClassificationRules rules, IncidentState.AlertState alert) {
        this.rules = rules;
        this.severityRule = rules.classify(alert.labels);
        List<InhibitRule> inhibitRules = rules.inhibitRules();
        this.inhibitSource = new boolean[inhibitRules.size()];
        this.inhibitTarget = new boolean[inhibitRules.size()];
        for (int i = 0; i < inhibitRules.size(); i++) {
            inhibitSource[i] = Matchers.allMatch(inhibitRules.get(i).sourceMatchers(), alert.labels);
            inhibitTarget[i] = Matchers.allMatch(inhibitRules.get(i).targetMatchers(), alert.labels);
        }
    }

    /** The alert's verdicts under {@code rules}, worked out now if its labels (or the rules) changed since. */
    static LabelVerdicts of(ClassificationRules rules, IncidentState.AlertState alert) {
        if (alert.verdicts == null || alert.verdicts.rules != rules) {
            alert.verdicts = new LabelVerdicts(rules, alert);
        }
        return alert.verdicts;
    }

    Optional<SeverityRule> severityRule() {
        return severityRule;
    }

    /** Whether the labels match the source side of inhibition rule {@code rule} (its index in the rules). */
    boolean inhibitSource(int rule) {
        return inhibitSource[rule];
    }

    /** Whether the labels match the target side of inhibition rule {@code rule}. */
    boolean inhibitTarget(int rule) {
        return inhibitTarget[rule];
    }
}
