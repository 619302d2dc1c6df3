package dev.quell.standalone;

import picocli.CommandLine.Option;

/** How Quell's topics are named and created: shared by {@code quell up} and {@code quell topics}. */
final class TopicOptions {

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "6",
            description = "Partitions of each topic Quell creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "${env:QUELL_TOPICS_PREFIX:-}",
            description = "Put before every topic name, e.g. 'staging.', as quell.topics.prefix (env QUELL_TOPICS_PREFIX; default: none).")
    String topicPrefix;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replicas of each topic Quell creates on an existing cluster (default: 3, or the number of brokers when fewer).")
    Short replicationFactor;
}
