package dev.quell.streams.engine;

import dev.quell.schemas.events.AlertStatus;
import dev.quell.streams.rules.ClassificationRules;
import dev.quell.streams.rules.ClassificationRules.InhibitRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's inhibition among the alerts of one incident: a firing alert matching a rule's
 * target matchers is inhibited by another firing alert matching its source matchers whose
 * {@code equal} labels have the same values. As in Alertmanager, an alert that matches both sides
 * is not inhibited by a source that matches both sides too (so it never inhibits itself).
 */
final class Inhibitor {

    private final ClassificationRules rules;

    Inhibitor(ClassificationRules rules) {
        this.rules = rules;
    }

    /**
     * Sets {@code inhibited} on every alert of the collection. Linear in the alerts for each rule:
     * the firing sources are counted once by the values of their {@code equal} labels, and each
     * target looks its own values up (the pairwise version cost n² matcher runs per update, the
     * largest cost of the topology in the benchmark's profile); each alert's matches are its
     * {@link LabelVerdicts}, worked out once per label set.
     */
    void apply(Collection<IncidentState.AlertState> alerts) {
        alerts.forEach(alert -> alert.inhibited = false);
        List<InhibitRule> inhibitRules = rules.inhibitRules();
        for (int r = 0; r < inhibitRules.size(); r++) {
            InhibitRule rule = inhibitRules.get(r);
            Map<List<String>, Sources> sources = new HashMap<>();
            for (IncidentState.AlertState source : alerts) {
                LabelVerdicts verdicts = LabelVerdicts.of(rules, source);
                if (source.status == AlertStatus.FIRING && verdicts.inhibitSource(r)) {
                    sources.computeIfAbsent(values(rule.equal(), source), key -> new Sources())
                            .add(verdicts.inhibitTarget(r));
                }
            }
            if (sources.isEmpty()) {
                continue;
            }
            for (IncidentState.AlertState target : alerts) {
                LabelVerdicts verdicts = LabelVerdicts.of(rules, target);
                if (target.inhibited || target.status != AlertStatus.FIRING || !verdicts.inhibitTarget(r)) {
                    continue;
                }
                Sources same = sources.get(values(rule.equal(), target));
                // as in Alertmanager: a target that matches the source side too is inhibited only by a
                // source that does not match the target side (so, never by itself)
                boolean targetIsSource = verdicts.inhibitSource(r);
                target.inhibited = same != null && (targetIsSource ? same.matchingSourceOnly() : same.all) > 0;
            }
        }
    }

    /** Firing sources with one set of {@code equal} values: all of them, and those matching the target side too. */
    private static final class Sources {
        int all;
        int matchingBothSides;

        void add(boolean matchesTargetSide) {
            all++;
            if (matchesTargetSide) {
                matchingBothSides++;
            }
        }

        int matchingSourceOnly() {
            return all - matchingBothSides;
        }
    }

    private static List<String> values(List<String> names, IncidentState.AlertState alert) {
        List<String> values = new ArrayList<>(names.size());
        for (String name : names) {
            values.add(alert.labels.getOrDefault(name, ""));
        }
        return values;
    }
}
