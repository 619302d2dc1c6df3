package dev.quell.ingest.kafka;

import dev.quell.ingest.config.IngestConfig;
import dev.quell.schemas.topics.MaxMessageBytes;
import dev.quell.schemas.topics.Topic;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The most key and value bytes one record of each registry topic may have: the producer's
 * {@code max.request.size} less framing, or, on a topic configured for smaller records, its
 * {@code max.message.bytes} less framing. A record over it is the input's fault and is refused
 * before it is sent; sent, the broker would refuse it on every retry.
 *
 * <p>The topics' limits are read from Kafka every minute and again at once when the broker refused
 * a record anyway (a limit lowered since), so the sender's retry meets the refusal it deserves.
 * Until a topic's limit was read — Kafka away at start-up — the producer's limit holds.
 */
@Singleton
public class TopicRecordLimits {

    /**
     * A bound of the framing counted with a record's key and value: a batch header of 61 bytes and
     * the record's varints before the producer sends it; and after, by the broker against the
     * limit, the compressed batch, which for input lz4 cannot shrink is ~100 bytes larger than the
     * record (RecordSizeLimitIT).
     */
    public static final int FRAMING_BYTES = 1024;

    /** The limit of a topic of Kafka's default {@code max.message.bytes} (1 MiB + 12): the producer's own. */
    public static final int PRODUCER_LIMIT_BYTES = ProducerFactory.MAX_REQUEST_SIZE - FRAMING_BYTES;

    private static final Logger LOG = LoggerFactory.getLogger(TopicRecordLimits.class);
    private static final long READ_TIMEOUT_MILLIS = 5_000;

    /** How large one record may be, and the setting that says so, as a refusal names it. */
    public record Limit(int bytes, String setting) {
    }

    private static final Limit PRODUCER_LIMIT = new Limit(PRODUCER_LIMIT_BYTES, "the producer's max.request.size");

    private final Admin admin;
    private final List<String> topicNames;
    private volatile Map<String, Limit> limits = Map.of();

    public TopicRecordLimits(Admin admin, IngestConfig config) {
        this.admin = admin;
        this.topicNames = config.topics().all().stream().map(Topic::name).toList();
    }

    /** The limit of one record of the topic. */
    public Limit of(String topic) {
        return limits.getOrDefault(topic, PRODUCER_LIMIT);
    }

    /** Reads every registry topic's {@code max.message.bytes}; a topic not read keeps the limit it had. */
    @Scheduled(fixedDelay = "60s", initialDelay = "0s")
    public void refresh() {
        Map<String, Integer> maxMessageBytes;
        try {
            maxMessageBytes = MaxMessageBytes.read(admin, topicNames, READ_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Map<String, Limit> read = new HashMap<>(limits);
        maxMessageBytes.forEach((topic, bytes) -> {
            Limit limit = limitFor(bytes);
            if (!limit.equals(read.put(topic, limit)) && limit != PRODUCER_LIMIT) {
                LOG.info("records of {} are limited to {} bytes by {}", topic, limit.bytes(), limit.setting());
            }
        });
        limits = Map.copyOf(read);
    }

    /** The limit a topic's {@code max.message.bytes} sets, when it is tighter than the producer's. */
    static Limit limitFor(int maxMessageBytes) {
        int bytes = maxMessageBytes - FRAMING_BYTES;
        return bytes < PRODUCER_LIMIT_BYTES
                ? new Limit(Math.max(0, bytes), "the topic's " + TopicConfig.MAX_MESSAGE_BYTES_CONFIG + " of " + maxMessageBytes)
                : PRODUCER_LIMIT;
    }
}
