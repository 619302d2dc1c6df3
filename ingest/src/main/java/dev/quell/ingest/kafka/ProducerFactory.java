package dev.quell.ingest.kafka;

import dev.quell.ingest.config.IngestConfig;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka clients of the service: a durable ({@code acks=all}, idempotent) producer bounded in
 * time, and the admin client of the readiness check.
 */
@Factory
public class ProducerFactory {

    /** Kafka's default {@code max.request.size}, set explicitly: the publisher refuses larger records itself. */
    static final int MAX_REQUEST_SIZE = 1_048_576;

    /**
     * A new durable, time-bounded producer for one of the publisher's lanes: the publisher makes a
     * fresh one when it must abandon the old.
     */
    public static Producer<byte[], byte[]> create(IngestConfig config, RecordPublisher.Lane lane) {
        return new KafkaProducer<>(properties(config, lane), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The producer's settings: the same durability for every lane; the client id names the lane, the linger is its own. */
    static Map<String, Object> properties(IngestConfig config, RecordPublisher.Lane lane) {
        long bound = config.ackTimeout().toMillis();
        long requestTimeout = Math.max(1, bound / 2);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "quell-ingest-" + lane.clientIdSuffix());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, lane.lingerMs());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 65_536);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_SIZE);
        // delivery.timeout.ms >= linger.ms + request.timeout.ms, and send() blocks at most max.block.ms:
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(bound, requestTimeout + 5));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, bound);
        return props;
    }

    @Singleton
    @Bean(preDestroy = "close")
    Admin admin(IngestConfig config) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "quell-ingest-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
    }
}
