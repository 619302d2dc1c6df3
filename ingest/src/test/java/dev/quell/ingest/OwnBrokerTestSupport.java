package dev.quell.ingest;

import dev.quell.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * For tests that stop Kafka under ingest: a broker of the test's own (not the shared one), which
 * {@link #stopKafka()} stops and {@link #restartKafka()} brings back on the same port with the same data.
 */
public abstract class OwnBrokerTestSupport extends IngestTestSupport {

    private final Path dataDir = tempDir();
    private final int port = freePort();
    private EmbeddedKafkaBroker broker = startBroker();

    @Override
    protected String bootstrapServers() {
        return broker.bootstrapServers();
    }

    protected void stopKafka() {
        broker.close();
    }

    protected void restartKafka() {
        broker = startBroker();
    }

    @AfterAll
    void stopBroker() {
        broker.close();
    }

    private EmbeddedKafkaBroker startBroker() {
        return EmbeddedKafkaBroker.builder().dataDir(dataDir).port(port).build().start();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("quell-own-broker-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
