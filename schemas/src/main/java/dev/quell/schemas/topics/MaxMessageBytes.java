package dev.quell.schemas.topics;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads topics' {@code max.message.bytes}: the most bytes the broker takes in one record batch of
 * the topic — its own setting, or the broker's {@code message.max.bytes} it inherits (1 MiB + 12 by
 * default). An operator may set it lower than Kafka's default, and a record over it is refused on
 * every retry; the services size their records by it.
 */
public final class MaxMessageBytes {

    private static final Logger LOG = LoggerFactory.getLogger(MaxMessageBytes.class);

    private MaxMessageBytes() {
    }

    /**
     * @return each topic's {@code max.message.bytes}, of those it could read within the timeout
     *         (a topic missing, or not described to this client, is left out and logged at DEBUG)
     */
    public static Map<String, Integer> read(Admin admin, Collection<String> topics, long timeoutMillis)
            throws InterruptedException {
        Map<ConfigResource, KafkaFuture<Config>> configs = admin.describeConfigs(topics.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).values();
        Map<String, Integer> read = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Map.Entry<ConfigResource, KafkaFuture<Config>> config : configs.entrySet()) {
            String topic = config.getKey().name();
            try {
                ConfigEntry entry = config.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                        .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null && entry.value() != null) {
                    read.put(topic, Integer.parseInt(entry.value()));
                }
            } catch (ExecutionException | TimeoutException | NumberFormatException e) {
                LOG.debug("could not read the max.message.bytes of {}: {}", topic, e.toString());
            }
        }
        return read;
    }
}
