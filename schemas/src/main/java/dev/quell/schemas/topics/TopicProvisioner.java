package dev.quell.schemas.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the registry's topics that a cluster lacks, with their settings. Topics that exist
 * are left as they are (an operator may have tuned them); creating is idempotent.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final short replicationFactor;

    /** @param replicationFactor replicas of each created topic; 1 on a single broker */
    public TopicProvisioner(Admin admin, short replicationFactor) {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, got " + replicationFactor);
        }
        this.admin = admin;
        this.replicationFactor = replicationFactor;
    }

    /** @return the names of the topics it created */
    public List<String> ensure(Topics topics, long timeoutMillis)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(timeoutMillis, TimeUnit.MILLISECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (Topic<String, ?> topic : topics.all()) {
            if (!existing.contains(topic.name())) {
                missing.add(newTopic(topic));
            }
        }
        List<String> created = new ArrayList<>();
        Map<String, org.apache.kafka.common.KafkaFuture<Void>> results = admin.createTopics(missing).values();
        for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result : results.entrySet()) {
            try {
                result.getValue().get(timeoutMillis, TimeUnit.MILLISECONDS);
                created.add(result.getKey());
                LOG.info("created topic {}", result.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    private NewTopic newTopic(Topic<String, ?> topic) {
        return new NewTopic(topic.name(), Optional.of(topic.settings().partitions()), Optional.of(replicationFactor))
                .configs(topic.settings().configs());
    }
}
