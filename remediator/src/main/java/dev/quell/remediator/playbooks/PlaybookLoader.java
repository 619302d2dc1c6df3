package dev.quell.remediator.playbooks;

import dev.quell.remediator.actions.ActionParams;
import dev.quell.remediator.actions.RemediationAction;
import dev.quell.remediator.targets.Target;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.events.Severity;
import dev.quell.schemas.matchers.Matcher;
import dev.quell.schemas.matchers.Matchers;
import dev.quell.schemas.time.Durations;
import dev.quell.schemas.yaml.YamlNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a playbook file against the known actions and the configured targets. Anything it cannot
 * use — YAML that does not parse, an unknown action, a fixed target that is not configured, a bad
 * param — stops start-up with {@code file:line: problem}. Of the shipped defaults, a playbook whose
 * fixed target is not configured is left off instead.
 */
public final class PlaybookLoader {

    public static final String DEFAULT_RESOURCE = "/quell-playbooks.yml";
    private static final Logger LOG = LoggerFactory.getLogger(PlaybookLoader.class);

    private final Map<String, RemediationAction<?>> actions;
    private final Targets targets;

    public PlaybookLoader(List<RemediationAction<?>> actions, Targets targets) {
        this.actions = new LinkedHashMap<>();
        actions.forEach(action -> this.actions.put(action.name(), action));
        this.targets = targets;
    }

    public List<Playbook> load(Path file) {
        return read(YamlNode.load(file), false);
    }

    public List<Playbook> loadDefaults() {
        return read(YamlNode.loadResource(DEFAULT_RESOURCE), true);
    }

    List<Playbook> read(YamlNode root, boolean defaults) {
        root.allowOnly("playbooks");
        List<Playbook> playbooks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode node : root.required("playbooks").asList()) {
            node.allowOnly("name", "match", "action", "target", "params", "bounds", "verify", "mode");
            String name = node.required("name").asString();
            if (!names.add(name)) {
                throw node.problem("a second playbook named '" + name + "'");
            }
            YamlNode actionNode = node.required("action");
            RemediationAction<?> action = actions.get(actionNode.asString());
            if (action == null) {
                throw actionNode.problem("unknown action '" + actionNode.asString() + "' (known: "
                        + String.join(", ", actions.keySet()) + ")");
            }
            YamlNode targetNode = node.required("target");
            String target = targetNode.asString();
            ActionParams params = params(node.get("params"));
            if (!target.contains("{{")) {
                Optional<Target> configured = targets.find(target);
                if (configured.isEmpty()) {
                    if (defaults) {
                        LOG.info("playbook {} is off: no target {} is configured", name, target);
                        continue;
                    }
                    throw targetNode.problem("no target '" + target + "' is configured (configured: " + targets.ids() + ")");
                }
                validate(action, params, configured.get(), node);
            }
            playbooks.add(new Playbook(name, match(node.required("match")), action.name(), target, params,
                    bounds(node.required("bounds")), verify(node.get("verify")), mode(node.get("mode"))));
        }
        return playbooks;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Target> void validate(RemediationAction<T> action, ActionParams params, Target target,
                                                    YamlNode node) {
        if (!action.targetType().isInstance(target)) {
            throw node.required("target").problem("action " + action.name() + " cannot work on " + target.id());
        }
        try {
            action.validate(params, (T) target);
        } catch (IllegalArgumentException e) {
            throw node.get("params").orElse(node).problem(e.getMessage());
        }
    }

    private static Playbook.Match match(YamlNode node) {
        node.allowOnly("alertnames", "matchers", "signatures", "min_severity");
        Set<String> alertnames = strings(node.get("alertnames"));
        Set<String> signatures = strings(node.get("signatures"));
        if (alertnames.isEmpty() && signatures.isEmpty()) {
            throw node.problem("match needs alertnames or signatures");
        }
        List<Matcher> matchers = new ArrayList<>();
        node.get("matchers").ifPresent(list -> list.asOneOrMany().forEach(item -> {
            try {
                matchers.addAll(Matchers.parse(item.asString()));
            } catch (IllegalArgumentException e) {
                throw item.problem(e.getMessage());
            }
        }));
        Severity minSeverity = node.get("min_severity").map(PlaybookLoader::severity).orElse(Severity.P3);
        return new Playbook.Match(alertnames, matchers, signatures, minSeverity);
    }

    private static Playbook.Bounds bounds(YamlNode node) {
        node.allowOnly("cooldown", "max_per_hour", "max_per_hour_per_target");
        return new Playbook.Bounds(duration(node.required("cooldown")), positive(node.required("max_per_hour")),
                positive(node.required("max_per_hour_per_target")));
    }

    private static Playbook.Verify verify(Optional<YamlNode> node) {
        if (node.isEmpty()) {
            return new Playbook.Verify(Duration.ofMinutes(1), Duration.ofSeconds(5));
        }
        node.get().allowOnly("timeout", "interval");
        return new Playbook.Verify(node.get().get("timeout").map(PlaybookLoader::duration).orElse(Duration.ofMinutes(1)),
                node.get().get("interval").map(PlaybookLoader::duration).orElse(Duration.ofSeconds(5)));
    }

    private static Optional<Playbook.Mode> mode(Optional<YamlNode> node) {
        return node.map(value -> Playbook.Mode.parse(value.asString())
                .orElseThrow(() -> value.problem("mode must be enforce, dry-run or approval")));
    }

    private static ActionParams params(Optional<YamlNode> node) {
        Map<String, String> values = new LinkedHashMap<>();
        node.ifPresent(map -> map.asMap().forEach((key, value) -> values.put(key, value.asString())));
        return ActionParams.of(values);
    }

    private static Set<String> strings(Optional<YamlNode> node) {
        Set<String> values = new LinkedHashSet<>();
        node.ifPresent(list -> list.asOneOrMany().forEach(item -> values.add(item.asString())));
        return values;
    }

    private static Severity severity(YamlNode node) {
        try {
            return Severity.valueOf(node.asString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw node.problem("'" + node.asString() + "' is not a severity (P0, P1, P2 or P3)");
        }
    }

    private static Duration duration(YamlNode node) {
        return Durations.parse(node.asString()).orElseThrow(() ->
                node.problem("'" + node.asString() + "' is not a duration (" + Durations.EXAMPLES + ")"));
    }

    private static int positive(YamlNode node) {
        int value = node.asInt();
        if (value < 1) {
            throw node.problem("must be at least 1");
        }
        return value;
    }
}
