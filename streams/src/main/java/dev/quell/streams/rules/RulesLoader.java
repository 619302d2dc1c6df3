package dev.quell.streams.rules;

import dev.quell.schemas.events.Severity;
import dev.quell.schemas.matchers.Matcher;
import dev.quell.schemas.matchers.Matchers;
import dev.quell.schemas.time.Durations;
import dev.quell.schemas.yaml.YamlNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a classification rules file. Anything it cannot use stops start-up with
 * {@code file:line: problem} ({@link dev.quell.schemas.yaml.ConfigFileException}).
 */
public final class RulesLoader {

    private RulesLoader() {
    }

    public static ClassificationRules load(Path file) {
        return read(YamlNode.load(file));
    }

    public static ClassificationRules loadResource(String resource) {
        return read(YamlNode.loadResource(resource));
    }

    static ClassificationRules read(YamlNode root) {
        root.allowOnly("respond_within", "severity_rules", "inhibit_rules", "log_signatures", "error_burst", "escalations");
        return new ClassificationRules(
                respondWithin(root.required("respond_within")),
                severityRules(root.required("severity_rules")),
                root.get("inhibit_rules").map(RulesLoader::inhibitRules).orElse(List.of()),
                root.get("log_signatures").map(RulesLoader::logSignatures).orElse(List.of()),
                errorBurst(root.required("error_burst")),
                escalations(root.required("escalations")));
    }

    private static Map<Severity, Duration> respondWithin(YamlNode node) {
        Map<Severity, Duration> times = new EnumMap<>(Severity.class);
        for (Map.Entry<String, YamlNode> entry : node.asMap().entrySet()) {
            times.put(severity(entry.getValue(), entry.getKey()), duration(entry.getValue()));
        }
        for (Severity severity : Severity.values()) {
            if (!times.containsKey(severity)) {
                throw node.problem("respond_within needs a time for " + severity);
            }
        }
        return times;
    }

    private static List<ClassificationRules.SeverityRule> severityRules(YamlNode node) {
        List<ClassificationRules.SeverityRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode rule : node.asList()) {
            rule.allowOnly("name", "severity", "description", "matchers");
            String name = rule.required("name").asString();
            if (!names.add(name)) {
                throw rule.problem("a second severity rule named '" + name + "'");
            }
            YamlNode severity = rule.required("severity");
            rules.add(new ClassificationRules.SeverityRule(name, severity(severity, severity.asString()),
                    rule.get("description").map(YamlNode::asString).orElse(name),
                    matchers(rule.required("matchers"))));
        }
        if (rules.isEmpty()) {
            throw node.problem("severity_rules needs at least one rule");
        }
        return rules;
    }

    private static List<ClassificationRules.InhibitRule> inhibitRules(YamlNode node) {
        List<ClassificationRules.InhibitRule> rules = new ArrayList<>();
        for (YamlNode rule : node.asList()) {
            rule.allowOnly("source_matchers", "target_matchers", "equal");
            List<String> equal = new ArrayList<>();
            rule.get("equal").ifPresent(labels -> labels.asList().forEach(label -> equal.add(label.asString())));
            rules.add(new ClassificationRules.InhibitRule(matchers(rule.required("source_matchers")),
                    matchers(rule.required("target_matchers")), equal));
        }
        return rules;
    }

    private static List<ClassificationRules.LogSignature> logSignatures(YamlNode node) {
        List<ClassificationRules.LogSignature> signatures = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode signature : node.asList()) {
            signature.allowOnly("name", "pattern", "severity", "opens_incident");
            String name = signature.required("name").asString();
            if (!names.add(name) || name.equals(ClassificationRules.ErrorBurst.SIGNATURE)) {
                throw signature.problem("the signature name '" + name + "' is taken");
            }
            YamlNode severity = signature.required("severity");
            signatures.add(new ClassificationRules.LogSignature(name, pattern(signature.required("pattern")),
                    severity(severity, severity.asString()),
                    signature.get("opens_incident").map(YamlNode::asBoolean).orElse(false)));
        }
        return signatures;
    }

    private static ClassificationRules.ErrorBurst errorBurst(YamlNode node) {
        node.allowOnly("levels", "threshold", "window", "severity", "opens_incident");
        Set<String> levels = new HashSet<>();
        node.required("levels").asList().forEach(level -> levels.add(level.asString().toUpperCase(Locale.ROOT)));
        YamlNode threshold = node.required("threshold");
        if (threshold.asInt() < 1) {
            throw threshold.problem("threshold must be at least 1");
        }
        YamlNode severity = node.required("severity");
        return new ClassificationRules.ErrorBurst(levels, threshold.asInt(), duration(node.required("window")),
                severity(severity, severity.asString()),
                node.get("opens_incident").map(YamlNode::asBoolean).orElse(false));
    }

    private static ClassificationRules.Escalations escalations(YamlNode node) {
        node.allowOnly("log_corroboration", "distinct_alerts", "failed_remediation");
        return new ClassificationRules.Escalations(
                node.get("log_corroboration").map(YamlNode::asBoolean).orElse(false),
                node.get("distinct_alerts").map(YamlNode::asInt).orElse(0),
                node.get("failed_remediation").map(YamlNode::asBoolean).orElse(false));
    }

    private static List<Matcher> matchers(YamlNode node) {
        List<Matcher> matchers = new ArrayList<>();
        for (YamlNode item : node.asOneOrMany()) {
            try {
                matchers.addAll(Matchers.parse(item.asString()));
            } catch (IllegalArgumentException e) {
                throw item.problem(e.getMessage());
            }
        }
        return matchers;
    }

    private static Severity severity(YamlNode node, String text) {
        try {
            return Severity.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw node.problem("'" + text + "' is not a severity (P0, P1, P2 or P3)");
        }
    }

    private static Duration duration(YamlNode node) {
        return Durations.parse(node.asString()).orElseThrow(() ->
                node.problem("'" + node.asString() + "' is not a duration (" + Durations.EXAMPLES + ")"));
    }

    private static Pattern pattern(YamlNode node) {
        try {
            return Pattern.compile(node.asString());
        } catch (PatternSyntaxException e) {
            throw node.problem("bad pattern: " + e.getDescription() + " near index " + e.getIndex());
        }
    }
}
