package dev.quell.standalone;

import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Creates the registry's topics that a cluster lacks: what {@code quell up} and {@code quell topics} do first. */
final class TopicSetup {

    static final long KAFKA_TIMEOUT_MILLIS = 30_000;
    private static final short DEFAULT_REPLICATION_FACTOR = 3;

    private TopicSetup() {
    }

    /**
     * @param replicationFactor replicas of each new topic; {@code null}: 3, or the broker count when fewer
     * @return the names of the topics created now
     */
    static List<String> ensure(String bootstrap, Topics topics, Short replicationFactor) throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT_MILLIS))) {
            int brokers = admin.describeCluster().nodes().get(KAFKA_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).size();
            short replication = replicationFactor != null
                    ? replicationFactor
                    : (short) Math.min(DEFAULT_REPLICATION_FACTOR, brokers);
            return new TopicProvisioner(admin, replication).ensure(topics, KAFKA_TIMEOUT_MILLIS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not answer within "
                    + KAFKA_TIMEOUT_MILLIS / 1000 + " s", e);
        }
    }
}
