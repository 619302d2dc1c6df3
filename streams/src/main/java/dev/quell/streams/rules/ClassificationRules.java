package dev.quell.streams.rules;

import dev.quell.schemas.events.Severity;
import dev.quell.schemas.matchers.Matcher;
import dev.quell.schemas.matchers.Matchers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a rules file says (read by {@link RulesLoader}): severity rules, inhibition, log
 * signatures, error bursts, escalations and response times.
 */
public record ClassificationRules(
        Map<Severity, Duration> respondWithin,
        List<SeverityRule> severityRules,
        List<InhibitRule> inhibitRules,
        List<LogSignature> logSignatures,
        ErrorBurst errorBurst,
        Escalations escalations) {

    public static final String DEFAULT_RESOURCE = "/quell-rules.yml";

    public ClassificationRules {
        respondWithin = Map.copyOf(respondWithin);
        severityRules = List.copyOf(severityRules);
        inhibitRules = List.copyOf(inhibitRules);
        logSignatures = List.copyOf(logSignatures);
    }

    /** The rules shipped in the jar. */
    public static ClassificationRules defaults() {
        return RulesLoader.loadResource(DEFAULT_RESOURCE);
    }

    /** The first severity rule whose matchers all match the labels. */
    public Optional<SeverityRule> classify(Map<String, String> labels) {
        return severityRules.stream().filter(rule -> Matchers.allMatch(rule.matchers(), labels)).findFirst();
    }

    public Optional<LogSignature> signature(String name) {
        return logSignatures.stream().filter(signature -> signature.name().equals(name)).findFirst();
    }

    public Duration respondWithin(Severity severity) {
        return respondWithin.get(severity);
    }

    public record SeverityRule(String name, Severity severity, String description, List<Matcher> matchers) {
    }

    /** Alertmanager's {@code inhibit_rules} entry. */
    public record InhibitRule(List<Matcher> sourceMatchers, List<Matcher> targetMatchers, List<String> equal) {
    }

    public record LogSignature(String name, Pattern pattern, Severity severity, boolean opensIncident) {
    }

    /** The signal named {@value #SIGNATURE}: {@code threshold} error-level lines on one key within {@code window}. */
    public record ErrorBurst(Set<String> levels, int threshold, Duration window, Severity severity,
                             boolean opensIncident) {
        public static final String SIGNATURE = "error-burst";
    }

    /** Each enabled escalation raises the severity one level, never past P1. */
    public record Escalations(boolean logCorroboration, int distinctAlerts, boolean failedRemediation) {
    }
}
