package dev.quell.standalone;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the embedded broker keeps its data and listens: shared by {@code quell up} and {@code quell broker}. */
final class BrokerOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:QUELL_DATA_DIR:-.quell}",
            description = "Where the embedded broker keeps its data; kept across restarts (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port of the embedded broker on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort;
}
