package dev.quell.streams.app;

import dev.quell.schemas.topics.MaxMessageBytes;
import dev.quell.streams.topology.RecordLimit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes what the topology writes by its topics' {@code max.message.bytes} — incident versions by
 * the incidents topic's, dead letters by the dead-letter topic's: read at start-up, and again when
 * the broker refused a record (a topic's limit lowered while the service ran), before the failed
 * stream thread is replaced and its input read again. Until a topic's limit was read — Kafka away —
 * its default holds.
 */
final class TopicRecordLimits {

    private static final Logger LOG = LoggerFactory.getLogger(TopicRecordLimits.class);
    private static final int TIMEOUT_MILLIS = 5_000;

    private final String bootstrapServers;
    private final Map<String, RecordLimit> limits;

    /** @param limits each topic's limit, by the topic's name */
    TopicRecordLimits(String bootstrapServers, Map<String, RecordLimit> limits) {
        this.bootstrapServers = bootstrapServers;
        this.limits = Map.copyOf(limits);
    }

    /** Reads the topics' {@code max.message.bytes} and applies them; a topic's it cannot read stays as it is. */
    void read() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "quell-streams-topic-limit",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS))) {
            Map<String, Integer> read = MaxMessageBytes.read(admin, List.copyOf(limits.keySet()), TIMEOUT_MILLIS);
            limits.forEach((topic, limit) -> apply(topic, limit, read.get(topic)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void apply(String topic, RecordLimit limit, Integer maxMessageBytes) {
        if (maxMessageBytes == null) {
            LOG.warn("could not read the max.message.bytes of {}; its records stay within {} bytes", topic, limit.getAsInt());
            return;
        }
        int bytes = limit.applyTopicLimit(maxMessageBytes);
        if (bytes < limit.defaultBytes()) {
            LOG.info("records to {} are cut to {} bytes: it takes records of {} bytes (max.message.bytes)",
                    topic, bytes, maxMessageBytes);
        }
    }
}
