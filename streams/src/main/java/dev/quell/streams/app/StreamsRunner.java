package dev.quell.streams.app;

import dev.quell.streams.rules.ClassificationRules;
import dev.quell.streams.topology.IncidentTopology;
import dev.quell.streams.topology.RecordLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the incident topology with exactly-once processing: started with the service, closed with
 * it (committing what it processed), a stream thread that dies replaced rather than the service stopped.
 * Incident versions and dead letters are cut to what their topics take ({@link TopicRecordLimits}).
 */
@Context
public class StreamsRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics metrics;

    public StreamsRunner(StreamsSettings settings, ClassificationRules rules, MeterRegistry meters) {
        IncidentMetrics incidentMetrics = new IncidentMetrics(meters);
        RecordLimits recordLimits = RecordLimits.defaults();
        TopicRecordLimits topicLimits = new TopicRecordLimits(settings.bootstrapServers(), Map.of(
                settings.topics().incidents().name(), recordLimits.incidentVersions(),
                settings.topics().deadLetters().name(), recordLimits.deadLetters()));
        topicLimits.read();
        Topology topology = IncidentTopology.build(new StreamsBuilder(), settings.topics(), rules, settings.engine(),
                incidentMetrics, recordLimits);
        LOG.debug("topology:\n{}", topology.describe());
        streams = new KafkaStreams(topology, properties(settings));
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("a stream thread failed; replacing it", error);
            if (causedBy(error, RecordTooLargeException.class)) {
                // a topic's limit lowered since start-up: the replaced thread cuts the record anew to fit it
                topicLimits.read();
            }
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("Kafka Streams {} -> {}", before, now));
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(meters);
        incidentMetrics.openIncidents(() -> new IncidentQueries(this, settings));
        streams.start();
    }

    static Properties properties(StreamsSettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
        // Kafka Streams' default, kept on purpose: a task waits for a partition known to lag on the broker, so a
        // lagging logs partition is read in time order with the alerts. -1 measured ~20 % faster (docs/benchmarks.md)
        // but lets stream time run ahead during a catch-up, and IncidentEngine.onSignal would drop those logs' signals
        // as late (the error-count windows keep their own stream time, of the logs alone).
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG,
                settings.advertisedUrl().getHost() + ":" + settings.advertisedUrl().getPort());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1); // the broker's default
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
        return props;
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    public KafkaStreams streams() {
        return streams;
    }

    @PreDestroy
    public void close() {
        metrics.close();
        streams.close(Duration.ofSeconds(30));
    }
}
