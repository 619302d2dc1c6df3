package dev.quell.standalone;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quell up}: start Quell in this process and run until Ctrl-C or SIGTERM. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Run Quell in one process: a Kafka broker and every service.",
            "Starts an embedded Kafka broker (unless --bootstrap-servers is given), creates the topics,",
            "and runs the services on one HTTP port until Ctrl-C or SIGTERM, then shuts down cleanly."
        })
final class UpCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Use this Kafka cluster instead of starting the embedded broker.")
    String bootstrapServers;

    @CommandLine.Mixin
    BrokerOptions broker = new BrokerOptions();

    @CommandLine.Mixin
    TopicOptions topics = new TopicOptions();

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "HTTP port of every route, on 127.0.0.1 unless QUELL_HTTP_HOST says otherwise (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A Micronaut YAML (or properties) file with Quell's configuration: auth, correlation, limits.")
    Path config;

    @Override
    public Integer call() throws Exception {
        StandaloneSettings settings = settings();
        CountDownLatch stopped = new CountDownLatch(1);
        QuellRuntime runtime = new QuellRuntime(settings, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "quell-shutdown"));
        runtime.start();
        stopped.await();
        return 0;
    }

    private StandaloneSettings settings() {
        try {
            return new StandaloneSettings(bootstrapServers, broker.dataDir, broker.kafkaPort, topics.partitions,
                    topics.topicPrefix, topics.replicationFactor, port, config);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
