package dev.quell.standalone;

import dev.quell.kafka.EmbeddedKafkaBroker;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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

    @CommandLine.Mixin
    BrokerOptions broker = new BrokerOptions();

    @Override
    public Integer call() throws Exception {
        if (broker.kafkaPort < 0 || broker.kafkaPort > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kafka-port must be 0..65535, got " + broker.kafkaPort);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedKafkaBroker running = EmbeddedKafkaBroker.builder().dataDir(broker.dataDir.resolve("kafka")).port(broker.kafkaPort).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "quell-broker-shutdown"));
        spec.commandLine().getOut().println("Kafka broker ready at " + running.bootstrapServers()
                + " (data in " + running.dataDir() + "). Press Ctrl-C to stop.");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
