package dev.quell.standalone;

import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.Topics;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quell topics}: create Quell's topics in an existing cluster and stop — the step a
 * deployment runs once before its services (compose's {@code quell-topics}, the Kubernetes Job).
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create Quell's topics that an existing Kafka cluster lacks (partitions, cleanup and retention from the registry), then exit.")
final class TopicsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", required = true,
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}", description = "The Kafka cluster (env KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @CommandLine.Mixin
    TopicOptions options = new TopicOptions();

    @Override
    public Integer call() throws Exception {
        if (options.partitions < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--partitions must be at least 1, got " + options.partitions);
        }
        if (options.replicationFactor != null && options.replicationFactor < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--replication-factor must be at least 1, got " + options.replicationFactor);
        }
        Topics topics = new Topics(options.topicPrefix, options.partitions);
        List<String> created = TopicSetup.ensure(bootstrapServers, topics, options.replicationFactor);
        PrintWriter out = spec.commandLine().getOut();
        for (Topic<String, ?> topic : topics.all()) {
            out.println((created.contains(topic.name()) ? "created  " : "exists   ") + topic.name());
        }
        out.flush();
        return 0;
    }
}
