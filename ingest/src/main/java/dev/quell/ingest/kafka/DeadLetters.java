package dev.quell.ingest.kafka;

import dev.quell.ingest.config.IngestConfig;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.topics.Topic;
import dev.quell.service.metrics.DeadLetterMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records refused input on {@code quell.deadletter.v1}, keyed by source, each letter keeping as
 * much of its payload as the topic takes in one record ({@link TopicRecordLimits}). The refusal's
 * answer does not wait for it; if Kafka cannot take the dead letter either, the refusal is logged instead.
 */
@Singleton
public class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final RecordPublisher publisher;
    private final TopicRecordLimits limits;
    private final Topic<String, DeadLetter> topic;
    private final Clock clock;
    private final DeadLetterMetrics metrics;

    public DeadLetters(RecordPublisher publisher, TopicRecordLimits limits, IngestConfig config, Clock clock,
                       MeterRegistry meters) {
        this.publisher = publisher;
        this.limits = limits;
        this.topic = config.topics().deadLetters();
        this.clock = clock;
        this.metrics = new DeadLetterMetrics(meters);
    }

    public void record(String source, String reason, byte[] payload, String remoteAddress) {
        DeadLetter letter = DeadLetter.of(source, reason, payload, remoteAddress, clock.instant())
                .fittedTo(limits.of(topic.name()).bytes() - source.getBytes(StandardCharsets.UTF_8).length,
                        this::sizeOf);
        publisher.send(topic, source, letter).whenComplete((ok, error) -> {
            if (error == null) {
                metrics.count(source);
            } else {
                LOG.warn("could not record a dead letter from {} ({} bytes, reason: {}): {}",
                        source, payload.length, letter.reason(), error.toString());
            }
        });
    }

    private int sizeOf(DeadLetter letter) {
        return topic.valueSerde().serializer().serialize(topic.name(), letter).length;
    }
}
