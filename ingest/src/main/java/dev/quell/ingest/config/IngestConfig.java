package dev.quell.ingest.config;

import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.topics.Topics;
import dev.quell.service.config.ConfigException;
import dev.quell.service.config.ConfigReader;
import java.time.Duration;

/**
 * Everything the ingest service is configured with, read and checked once at start-up by
 * {@link #from(ConfigReader)}. Who may call is {@link dev.quell.service.config.AuthConfig}, shared by every service.
 *
 * @param bootstrapServers    {@code kafka.bootstrap.servers}
 * @param topicPrefix         {@code quell.topics.prefix}
 * @param maxBodyBytes        {@code quell.ingest.max-body-size}: larger requests get 413 (checked while reading)
 * @param maxInFlightBytes    {@code quell.ingest.max-in-flight-size}: request bytes waiting for Kafka acks; past it, 429 (503 to Alertmanager)
 * @param ackTimeout          {@code quell.ingest.ack-timeout}: how long a request waits for Kafka before 503
 * @param retryAfter          {@code quell.ingest.retry-after}: the {@code Retry-After} of a 429 or 503
 * @param correlationKeys     {@code quell.correlation.*}
 */
public record IngestConfig(
        String bootstrapServers,
        String topicPrefix,
        long maxBodyBytes,
        long maxInFlightBytes,
        Duration ackTimeout,
        Duration retryAfter,
        CorrelationKeys correlationKeys) {

    public static final long DEFAULT_MAX_BODY_BYTES = 5L * 1024 * 1024;

    public IngestConfig {
        if (maxInFlightBytes < maxBodyBytes) {
            throw new ConfigException("quell.ingest.max-in-flight-size",
                    "must be at least quell.ingest.max-body-size (" + maxBodyBytes + " bytes), got " + maxInFlightBytes);
        }
    }

    public Topics topics() {
        return new Topics(topicPrefix, Topics.DEFAULT_PARTITIONS);
    }

    public static IngestConfig from(ConfigReader config) {
        String prefix = config.string("quell.topics.prefix", "");
        if (!prefix.matches("[a-zA-Z0-9._-]*")) {
            throw new ConfigException("quell.topics.prefix", "may hold only letters, digits, '.', '_' and '-', got '"
                    + prefix + "'");
        }
        String bootstrap = config.string("kafka.bootstrap.servers", "127.0.0.1:9092");
        if (!bootstrap.matches("[^\\s,]+:\\d{1,5}(,[^\\s,]+:\\d{1,5})*")) {
            throw new ConfigException("kafka.bootstrap.servers", "must be HOST:PORT[,HOST:PORT...], got '" + bootstrap + "'");
        }
        return new IngestConfig(
                bootstrap,
                prefix,
                config.bytes("quell.ingest.max-body-size", DEFAULT_MAX_BODY_BYTES),
                config.bytes("quell.ingest.max-in-flight-size", 64L * 1024 * 1024),
                config.duration("quell.ingest.ack-timeout", Duration.ofSeconds(10)),
                config.duration("quell.ingest.retry-after", Duration.ofSeconds(5)),
                new CorrelationKeys(
                        config.list("quell.correlation.namespace-labels", CorrelationKeys.DEFAULT_NAMESPACE_LABELS),
                        config.list("quell.correlation.service-labels", CorrelationKeys.DEFAULT_SERVICE_LABELS),
                        config.list("quell.correlation.namespace-log-fields", CorrelationKeys.DEFAULT_NAMESPACE_LOG_FIELDS),
                        config.list("quell.correlation.service-log-fields", CorrelationKeys.DEFAULT_SERVICE_LOG_FIELDS)));
    }
}
