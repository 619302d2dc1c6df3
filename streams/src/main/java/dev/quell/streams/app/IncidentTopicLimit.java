package dev.quell.streams.app;

import dev.quell.schemas.topics.MaxMessageBytes;
import dev.quell.streams.topology.IncidentRecordLimit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes incident versions by the incidents topic's {@code max.message.bytes}: read at start-up, and
 * again when the broker refused a version (the topic's limit lowered while the service ran), before
 * the failed stream thread is replaced and its input read again. Until it was read — Kafka away —
 * the default limit holds.
 */
final class IncidentTopicLimit {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentTopicLimit.class);
    private static final int TIMEOUT_MILLIS = 5_000;

    private final String bootstrapServers;
    private final String topic;
    private final IncidentRecordLimit limit;

    IncidentTopicLimit(String bootstrapServers, String topic, IncidentRecordLimit limit) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.limit = limit;
    }

    /** Reads the topic's {@code max.message.bytes} and applies it; when it cannot, the limit stays as it is. */
    void read() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "quell-streams-topic-limit",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS))) {
            Integer maxMessageBytes = MaxMessageBytes.read(admin, List.of(topic), TIMEOUT_MILLIS).get(topic);
            if (maxMessageBytes == null) {
                LOG.warn("could not read the max.message.bytes of {}; incident versions stay within {} bytes",
                        topic, limit.getAsInt());
                return;
            }
            int bytes = limit.applyTopicLimit(maxMessageBytes);
            if (bytes < IncidentRecordLimit.DEFAULT_BYTES) {
                LOG.info("incident versions are cut to {} bytes: {} takes records of {} bytes (max.message.bytes)",
                        bytes, topic, maxMessageBytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
