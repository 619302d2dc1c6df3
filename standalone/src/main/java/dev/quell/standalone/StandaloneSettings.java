package dev.quell.standalone;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code quell up} was asked to run, checked when it is made: every problem names the
 * option that holds it.
 *
 * @param bootstrapServers an existing cluster, or {@code null} for the embedded broker
 * @param replicationFactor replicas of created topics on an existing cluster, or {@code null} for the default
 * @param httpPort          the port of every HTTP route
 * @param configFile        a configuration file for the services, or {@code null}
 */
record StandaloneSettings(
        String bootstrapServers,
        Path dataDir,
        int kafkaPort,
        int partitions,
        String topicPrefix,
        Short replicationFactor,
        int httpPort,
        Path configFile) {

    private static final String HOST_PORT = "[^\\s,:]+:\\d{1,5}";

    StandaloneSettings {
        if (bootstrapServers != null && !bootstrapServers.matches(HOST_PORT + "(," + HOST_PORT + ")*")) {
            throw new IllegalArgumentException("--bootstrap-servers must be HOST:PORT[,HOST:PORT...], got '"
                    + bootstrapServers + "'");
        }
        if (kafkaPort < 0 || kafkaPort > 65535) {
            throw new IllegalArgumentException("--kafka-port must be 0..65535, got " + kafkaPort);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
        }
        if (topicPrefix == null || !topicPrefix.matches("[a-zA-Z0-9._-]*")) {
            throw new IllegalArgumentException("--topic-prefix may hold only letters, digits, '.', '_' and '-', got '"
                    + topicPrefix + "'");
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("--port must be 0..65535, got " + httpPort);
        }
        if (configFile != null && !Files.isReadable(configFile)) {
            throw new IllegalArgumentException("--config " + configFile + ": no such readable file");
        }
        if (replicationFactor != null && replicationFactor < 1) {
            throw new IllegalArgumentException("--replication-factor must be at least 1, got " + replicationFactor);
        }
    }

    boolean embeddedBroker() {
        return bootstrapServers == null;
    }
}
