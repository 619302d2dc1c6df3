package dev.quell.streams.engine;

import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident.SeverityReason;
import dev.quell.schemas.events.Severity;
import dev.quell.streams.rules.ClassificationRules;
import dev.quell.streams.rules.ClassificationRules.SeverityRule;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides an incident's severity and says why: the most severe rule matched by an alert that
 * drives it (firing, not inhibited; a flapping alert counts as it was before it flapped — or, while
 * the incident has no severity yet, as firing), or for an incident of log signals only the most
 * severe signature; then each escalation one level up, never past P1 — only a rule that means
 * total unavailability sets P0. Once every alert has resolved the incident keeps its severity, and
 * its reasons say so.
 */
final class Classifier {

    /** The last of an incident's reasons while it keeps its severity after every alert resolved. */
    static final String KEPT_AFTER_ALERTS_RESOLVED = "kept:alerts-resolved";

    record Decision(Severity severity, List<SeverityReason> reasons) {
    }

    private final ClassificationRules rules;

    Classifier(ClassificationRules rules) {
        this.rules = rules;
    }

    /** Empty when nothing drives a severity (every alert resolved or held): the incident keeps the one it had. */
    Optional<Decision> decide(IncidentState state) {
        List<IncidentState.AlertState> drivers = drivers(state, alert -> alert.heldStatus == AlertStatus.FIRING);
        if (drivers.isEmpty() && state.severity == null) {
            // no severity yet: its alerts flapped before its first version (a backlog read at once). A flapping
            // alert has fired; it drives the incident as its first firing would have, had that been a version.
            drivers = drivers(state, alert -> alert.flapping);
        }
        List<SeverityReason> reasons = new ArrayList<>();
        Severity base;
        if (!drivers.isEmpty()) {
            base = fromAlerts(drivers, reasons);
        } else if (state.alerts.isEmpty() && !state.signals.isEmpty()) {
            base = fromSignals(state, reasons);
        } else {
            return Optional.empty();
        }
        if (base == null) {
            return Optional.empty();
        }
        return Optional.of(new Decision(escalate(base, state, drivers, reasons), reasons));
    }

    /**
     * The reasons of an incident none of whose alerts is firing, which keeps its severity until it
     * resolves ({@link #decide} is empty then): those it had, and one saying so and when it resolves, last.
     */
    List<SeverityReason> keptAfterAlertsResolved(IncidentState state, Instant resolvesAt) {
        List<SeverityReason> reasons = new ArrayList<>(state.reasons);
        reasons.removeIf(reason -> KEPT_AFTER_ALERTS_RESOLVED.equals(reason.rule()));
        reasons.add(new SeverityReason(KEPT_AFTER_ALERTS_RESOLVED, state.severity + " kept: no alert has been firing"
                + " since " + seconds(state.quietSince) + "; the severity and the reasons above stay as they were"
                + " decided until the incident resolves at " + seconds(resolvesAt) + ", unless an alert fires again"));
        return reasons;
    }

    private static List<IncidentState.AlertState> drivers(IncidentState state, Predicate<IncidentState.AlertState> counts) {
        return state.alerts.values().stream().filter(alert -> counts.test(alert) && !alert.inhibited).toList();
    }

    private Severity fromAlerts(List<IncidentState.AlertState> drivers, List<SeverityReason> reasons) {
        Severity base = null;
        Set<SeverityReason> deciding = new LinkedHashSet<>(); // forty pods of one alert are one reason, not forty alike
        for (IncidentState.AlertState alert : drivers) {
            Optional<SeverityRule> rule = LabelVerdicts.of(rules, alert).severityRule();
            if (rule.isEmpty()) {
                continue;
            }
            Severity severity = rule.get().severity();
            if (base == null || severity.outranks(base)) {
                base = severity;
                deciding.clear();
            }
            if (severity == base) {
                deciding.add(new SeverityReason(rule.get().name(), severity + ": alert " + alert.alertname
                        + describeSeverityLabel(alert) + " is firing — " + rule.get().description()));
            }
        }
        reasons.addAll(deciding);
        return base;
    }

    private Severity fromSignals(IncidentState state, List<SeverityReason> reasons) {
        Severity base = null;
        IncidentState.SignalState deciding = null;
        for (IncidentState.SignalState signal : state.signals.values()) {
            Severity severity = signalSeverity(signal.signature);
            if (severity != null && (base == null || severity.outranks(base))) {
                base = severity;
                deciding = signal;
            }
        }
        if (deciding != null) {
            reasons.add(new SeverityReason("signature:" + deciding.signature, base + ": " + deciding.count
                    + " log line(s) matching " + deciding.signature + ", e.g. \"" + deciding.sample + "\""));
        }
        return base;
    }

    private Severity escalate(Severity base, IncidentState state, List<IncidentState.AlertState> drivers,
                              List<SeverityReason> reasons) {
        ClassificationRules.Escalations escalations = rules.escalations();
        int steps = 0;
        if (escalations.logCorroboration() && !drivers.isEmpty() && !state.signals.isEmpty()) {
            IncidentState.SignalState strongest = state.signals.values().stream()
                    .max(Comparator.comparingLong(signal -> signal.count)).orElseThrow();
            steps++;
            reasons.add(new SeverityReason("escalation:log-corroboration", "+1: the logs back up the alerts — "
                    + strongest.count + " line(s) matching " + strongest.signature + ", e.g. \"" + strongest.sample + "\""));
        }
        long distinct = drivers.stream().map(alert -> alert.alertname).distinct().count();
        if (escalations.distinctAlerts() > 0 && distinct >= escalations.distinctAlerts()) {
            steps++;
            reasons.add(new SeverityReason("escalation:distinct-alerts", "+1: " + distinct
                    + " different alerts firing on " + state.correlationKey));
        }
        if (escalations.failedRemediation() && !state.failedRemediations.isEmpty()) {
            steps++;
            reasons.add(new SeverityReason("escalation:failed-remediation", "+1: " + state.failedRemediations.size()
                    + " remediation(s) of this incident failed or escalated"));
        }
        if (steps == 0 || base == Severity.P0) {
            return base;
        }
        Severity escalated = Severity.values()[Math.max(Severity.P1.ordinal(), base.ordinal() - steps)];
        if (escalated.ordinal() > base.ordinal() - steps) {
            reasons.add(new SeverityReason("escalation:cap", escalated + ": escalations stop at P1; only a rule "
                    + "meaning total unavailability sets P0"));
        }
        return escalated;
    }

    Severity signalSeverity(String signature) {
        if (ClassificationRules.ErrorBurst.SIGNATURE.equals(signature)) {
            return rules.errorBurst().severity();
        }
        return rules.signature(signature).map(ClassificationRules.LogSignature::severity).orElse(null);
    }

    private static Instant seconds(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS);
    }

    private static String describeSeverityLabel(IncidentState.AlertState alert) {
        String severity = alert.labels.get("severity");
        return severity == null ? "" : " (severity=" + severity + ")";
    }
}
