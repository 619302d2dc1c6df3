package dev.quell.remediator.playbooks;

import dev.quell.remediator.actions.ActionParams;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.AlertStatus;
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
 * One automatic fix, as data: which incidents it answers ({@link Match}), the action, the
 * configured target it picks (a template over the incident's labels), the action's params,
 * its bounds and verification, and optionally its own mode.
 */
public record Playbook(
        String name,
        Match match,
        String action,
        String target,
        ActionParams params,
        Bounds bounds,
        Verify verify,
        Optional<Mode> mode) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-zA-Z0-9_.]+)\\s*}}");
    /** A plain name starts with a letter or digit, so no value is {@code ..} or an option like {@code -rf}. */
    private static final Pattern SAFE_VALUE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{0,252}");
    private static final Pattern SAFE_TARGET = Pattern.compile(SAFE_VALUE + "(/" + SAFE_VALUE + ")?");

    /**
     * When a playbook answers an incident: of at least {@code minSeverity}, with a firing,
     * uninhibited alert named in {@code alertnames} (and matching {@code matchers}), or a log
     * signal in {@code signatures}.
     */
    public record Match(Set<String> alertnames, List<Matcher> matchers, Set<String> signatures, Severity minSeverity) {

        /** The labels the target template reads: the triggering alert's, or (for a log signal) none. */
        public Optional<Map<String, String>> trigger(Incident incident) {
            if (incident.severity() == null || minSeverity.outranks(incident.severity())) {
                return Optional.empty();
            }
            for (Incident.Alert alert : incident.alerts()) {
                if (alert.status() == AlertStatus.FIRING && !alert.inhibited()
                        && alertnames.contains(alert.alertname()) && Matchers.allMatch(matchers, alert.labels())) {
                    return Optional.of(alert.labels());
                }
            }
            boolean signal = incident.logSignals().stream().anyMatch(s -> signatures.contains(s.signature()));
            return signal ? Optional.of(Map.of()) : Optional.empty();
        }
    }

    /**
     * @param cooldown           no second run on the same target sooner
     * @param maxPerHour         runs of this playbook per hour, over all targets
     * @param maxPerHourPerTarget runs of this playbook on one target per hour
     */
    public record Bounds(Duration cooldown, int maxPerHour, int maxPerHourPerTarget) {
    }

    /** How long the action's success condition may take to show, and how often it is asked. */
    public record Verify(Duration timeout, Duration interval) {
    }

    public enum Mode {
        ENFORCE("enforce"), DRY_RUN("dry-run"), APPROVAL("approval");

        private final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<Mode> parse(String text) {
            for (Mode mode : values()) {
                if (mode.wireName.equals(text)) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }

        /** The more cautious of two modes: dry-run over approval over enforce. */
        public Mode mostCautious(Mode other) {
            return ordinal() >= other.ordinal() ? this : other;
        }
    }

    /**
     * The target id the template gives for these labels ({@code {{labels.service}}},
     * {@code {{correlationKey}}}), or empty when a placeholder has no value or the result is not a
     * plain name — a label can only choose among configured targets, never smuggle in anything else.
     */
    public Optional<String> targetFor(Map<String, String> labels, Incident incident) {
        try {
            return Optional.of(fill(target, labels, incident)).filter(id -> SAFE_TARGET.matcher(id).matches());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The params with their templates filled from these labels. Each value a label puts in must be
     * a plain name (letters, digits, '.', '_', '-'), so no label can carry SQL, shell or path syntax
     * into an action. @throws IllegalArgumentException naming the param that cannot be filled
     */
    public ActionParams paramsFor(Map<String, String> labels, Incident incident) {
        Map<String, String> filled = new java.util.LinkedHashMap<>();
        params.values().forEach((name, value) -> {
            try {
                filled.put(name, fill(value, labels, incident));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("param " + name + ": " + value + " " + e.getMessage());
            }
        });
        return ActionParams.of(filled);
    }

    private static String fill(String template, Map<String, String> labels, Incident incident) {
        java.util.regex.Matcher placeholders = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (placeholders.find()) {
            String variable = placeholders.group(1);
            String value = variable.startsWith("labels.") ? labels.get(variable.substring("labels.".length()))
                    : variable.equals("correlationKey") ? incident.correlationKey() : null;
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("has no value for " + variable);
            }
            Pattern plain = variable.equals("correlationKey") ? SAFE_TARGET : SAFE_VALUE; // a key may be namespace/service
            if (!plain.matcher(value).matches()) {
                throw new IllegalArgumentException("gives '" + abbreviate(value) + "' for " + variable
                        + ", which is not a plain name");
            }
            placeholders.appendReplacement(filled, java.util.regex.Matcher.quoteReplacement(value));
        }
        placeholders.appendTail(filled);
        return filled.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
