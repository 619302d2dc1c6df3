package dev.quell.streams.app;

import dev.quell.schemas.topics.Topics;
import dev.quell.service.config.ConfigException;
import dev.quell.service.config.ConfigReader;
import dev.quell.streams.engine.EngineSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the streams service is configured with, read and checked once at start-up.
 *
 * @param bootstrapServers {@code kafka.bootstrap.servers}
 * @param topicPrefix      {@code quell.topics.prefix}
 * @param applicationId    {@code quell.streams.application-id}: the consumer group and the prefix of internal topics
 * @param stateDir         {@code quell.streams.state-dir}: where the stores live on disk
 * @param rulesFile        {@code quell.streams.rules-file}: the classification rules; empty for the shipped defaults
 * @param threads          {@code quell.streams.threads}
 * @param commitInterval   {@code quell.streams.commit-interval}: how often a stream thread commits its transaction,
 *                         which is when what it published becomes visible to {@code read_committed} readers
 * @param advertisedUrl    {@code quell.streams.advertised-url}: where other instances send queries for incidents this one holds
 * @param engine           {@code quell.streams.flap-*}, {@code late-grace}, {@code resolve-grace}, {@code dedup-window}, …
 */
public record StreamsSettings(
        String bootstrapServers,
        String topicPrefix,
        String applicationId,
        Path stateDir,
        Optional<Path> rulesFile,
        int threads,
        Duration commitInterval,
        URI advertisedUrl,
        EngineSettings engine) {

    /**
     * Half Kafka Streams' own default under exactly-once: an incident's first version reaches readers
     * at most {@code emit-every} + this after its alert; at 100 ms the end-to-end p99 missed its goal
     * and the throughput did not change (docs/benchmarks.md).
     */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(50);

    public Topics topics() {
        return new Topics(topicPrefix, Topics.DEFAULT_PARTITIONS);
    }

    public static StreamsSettings from(ConfigReader config) {
        EngineSettings defaults = EngineSettings.defaults();
        String prefix = config.string("quell.topics.prefix", "");
        if (!prefix.matches("[a-zA-Z0-9._-]*")) {
            throw new ConfigException("quell.topics.prefix", "may hold only letters, digits, '.', '_' and '-', got '"
                    + prefix + "'");
        }
        // a topic prefix sets Quells on one cluster apart: their groups and internal topics too
        String applicationId = config.string("quell.streams.application-id", prefix + "quell-streams");
        if (!applicationId.matches("[a-zA-Z0-9._-]+")) {
            throw new ConfigException("quell.streams.application-id", "may hold only letters, digits, '.', '_' and '-'");
        }
        String url = config.string("quell.streams.advertised-url", "http://127.0.0.1:8081");
        URI advertised;
        try {
            advertised = URI.create(url);
            if (advertised.getHost() == null || advertised.getPort() < 0) {
                throw new IllegalArgumentException("needs a host and a port");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("quell.streams.advertised-url", "'" + url + "' is not a URL with a host and port");
        }
        return new StreamsSettings(
                config.string("kafka.bootstrap.servers", "127.0.0.1:9092"),
                prefix,
                applicationId,
                Path.of(config.string("quell.streams.state-dir",
                        Path.of(System.getProperty("java.io.tmpdir"), "quell-streams").toString())),
                config.optional("quell.streams.rules-file").map(Path::of),
                config.integer("quell.streams.threads", 1, 1, 64),
                config.duration("quell.streams.commit-interval", DEFAULT_COMMIT_INTERVAL),
                advertised,
                new EngineSettings(
                        config.integer("quell.streams.flap-transitions", defaults.flapTransitions(), 2, 1000),
                        config.duration("quell.streams.flap-window", defaults.flapWindow()),
                        config.duration("quell.streams.flap-stable-after", defaults.flapStableAfter()),
                        config.duration("quell.streams.late-grace", defaults.lateGrace()),
                        config.duration("quell.streams.resolve-grace", defaults.resolveGrace()),
                        config.duration("quell.streams.dedup-window", defaults.dedupWindow()),
                        config.duration("quell.streams.tick-every", defaults.tickEvery()),
                        config.duration("quell.streams.resolved-retention", defaults.resolvedRetention()),
                        config.duration("quell.streams.emit-every", defaults.emitEvery())));
    }

    /** Durations that must keep their order to make sense. */
    public StreamsSettings {
        if (engine.flapStableAfter().compareTo(Duration.ZERO) <= 0) {
            throw new ConfigException("quell.streams.flap-stable-after", "must be positive");
        }
        if (engine.emitEvery().compareTo(Duration.ofMillis(1)) < 0 || engine.emitEvery().compareTo(Duration.ofSeconds(10)) > 0) {
            throw new ConfigException("quell.streams.emit-every", "must be between 1ms and 10s");
        }
        if (commitInterval.compareTo(Duration.ofMillis(10)) < 0 || commitInterval.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new ConfigException("quell.streams.commit-interval", "must be between 10ms and 60s");
        }
    }
}
