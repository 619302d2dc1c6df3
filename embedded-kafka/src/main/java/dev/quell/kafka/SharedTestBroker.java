package dev.quell.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One embedded broker per test JVM, started on first use in a temporary directory and stopped
 * when the JVM exits: integration tests share it and keep apart by using their own topic names
 * or prefixes and their own consumer groups.
 */
public final class SharedTestBroker {

    private static EmbeddedKafkaBroker broker;

    private SharedTestBroker() {
    }

    public static synchronized EmbeddedKafkaBroker get() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("quell-test-kafka-");
                broker = EmbeddedKafkaBroker.builder().dataDir(dir).build().start();
                EmbeddedKafkaBroker started = broker;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    started.close();
                    deleteRecursively(dir);
                }, "quell-test-kafka-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return broker;
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is a temporary directory
        }
    }

    /** Shorthand for {@code get().bootstrapServers()}. */
    public static String bootstrapServers() {
        return get().bootstrapServers();
    }
}
