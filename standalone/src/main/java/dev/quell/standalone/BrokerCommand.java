package dev.quell.standalone;

import dev.quell.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quell broker}: only the embedded Kafka broker of {@code quell up}, until stopped — for
 * running the services as separate processes on one machine ({@code java -jar ingest/target/quell-ingest.jar}, …),
 * as the crash tests do.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run only the embedded Kafka broker (KRaft, 127.0.0.1), for services run as separate processes; Ctrl-C stops it.")
final class BrokerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:QUELL_DATA_DIR:-.quell}",
            description = "Where the broker keeps its data, under DIR/kafka (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "The broker's port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0: any free one).")
    int kafkaPort;

    @Override
    public Integer call() throws Exception {
        if (kafkaPort < 0 || kafkaPort > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kafka-port must be 0..65535, got " + kafkaPort);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir.resolve("kafka")).port(kafkaPort).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "quell-broker-shutdown"));
        spec.commandLine().getOut().println("Kafka broker ready at " + broker.bootstrapServers()
                + " (data in " + broker.dataDir() + "). Press Ctrl-C to stop.");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
