package dev.quell.standalone;

import dev.quell.remediator.app.Actions;
import dev.quell.remediator.playbooks.Playbook;
import dev.quell.remediator.playbooks.PlaybookLoader;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.time.Durations;
import dev.quell.schemas.topics.Topics;
import dev.quell.streams.engine.EngineSettings;
import dev.quell.streams.rules.ClassificationRules;
import dev.quell.streams.rules.RulesLoader;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quell replay}: what other rules and playbooks would have made of the retained alerts and logs. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-run classification and playbook decisions over the retained alerts and logs with other"
                + " rules or playbooks, in a dry run of its own, and print what would differ.",
                "Nothing is acted on and nothing is written to Quell's topics; the replay's own topics are deleted"
                        + " when it ends."})
final class ReplayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rules", paramLabel = "FILE", description = "Classification rules to try (default: the shipped rules).")
    Path rules;

    @Option(names = "--playbooks", paramLabel = "FILE", description = "Playbooks to try (default: the shipped playbooks).")
    Path playbooks;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Quell's configuration, for the targets the playbooks name (quell.targets.*).")
    Path config;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Replay what arrived since then: an RFC 3339 time (2026-11-22T08:00:00Z) or a duration back"
                    + " from now (2h, 1d). Default: everything retained.")
    String from;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "The Kafka cluster (default: ${DEFAULT-VALUE}, the broker of ./quell up).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "", description = "As given to quell up.")
    String topicPrefix;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ClassificationRules classification = rules == null ? RulesLoader.loadResource("/quell-rules.yml")
                : RulesLoader.load(rules);
        Targets targets = Targets.from(configuration());
        PlaybookLoader loader = new PlaybookLoader(Actions.builtIn().all(), targets);
        List<Playbook> plays = playbooks == null ? loader.loadDefaults() : loader.load(playbooks);
        Instant since = since();
        out.println("Replaying " + (since.equals(Instant.EPOCH) ? "everything retained" : "since " + since)
                + " with " + (rules == null ? "the shipped rules" : rules) + " and "
                + (playbooks == null ? "the shipped playbooks" : playbooks) + "…");
        out.flush();
        try (targets) {
            ReplayReport report = new Replay(new Replay.Settings(bootstrapServers, new Topics(topicPrefix,
                    Topics.DEFAULT_PARTITIONS), classification, plays, targets, since, EngineSettings.defaults()),
                    line -> {
                        out.println("  " + line);
                        out.flush();
                    }).run();
            report.print(out);
        }
        return 0;
    }

    private Instant since() {
        if (from == null) {
            return Instant.EPOCH;
        }
        var back = Durations.parse(from);
        if (back.isPresent()) {
            return Instant.now().minus(back.get());
        }
        try {
            return Instant.parse(from);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--from: '" + from + "' is neither an RFC 3339 time nor a duration (" + Durations.EXAMPLES + ")");
        }
    }

    private PropertySourcePropertyResolver configuration() throws Exception {
        if (config == null) {
            return new PropertySourcePropertyResolver();
        }
        try (InputStream in = Files.newInputStream(config)) {
            Map<String, Object> values = new YamlPropertySourceLoader().read(config.getFileName().toString(), in);
            return new PropertySourcePropertyResolver(PropertySource.of(config.toString(), values));
        }
    }
}
