package dev.quell.remediator.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quell.kafka.SharedTestBroker;
import dev.quell.remediator.engine.RemediatorSettings;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The events the API answers with: what was on the topic at start-up, what any replica publishes
 * afterwards (another replica's events included), and this replica's own at once — each once.
 */
class RemediationEventLogIT {

    private final Topics topics = new Topics("event-log-it-" + System.nanoTime() + ".", 3);

    @Test
    void shouldHoldTheEventsOfEveryReplicaEachOnceNewestFirstUpToItsCapacity() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).ensure(topics, 30_000);
        }
        Instant t0 = Instant.now().minusSeconds(60);
        try (KafkaProducer<String, RemediationEvent> anotherReplica = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), topics.remediations().valueSerde().serializer());
             RemediationEventLog log = new RemediationEventLog(3)) {
            RemediationEvent beforeStart = event(RemediationPhase.PLANNED, "inc-a", t0);
            send(anotherReplica, beforeStart);

            log.follow(SharedTestBroker.bootstrapServers(), topics.remediations());
            assertThat(log.find(null)).as("read at start-up").containsExactly(beforeStart);

            RemediationEvent elsewhere = event(RemediationPhase.STARTED, "inc-a", t0.plusSeconds(1));
            send(anotherReplica, elsewhere);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(log.find("inc-a")).as("another replica's, followed").containsExactly(elsewhere, beforeStart));

            RemediationEvent own = event(RemediationPhase.SKIPPED, "inc-b", t0.plusSeconds(2));
            log.add(own); // as the sink adds what it published: at once ...
            assertThat(log.find("inc-b")).containsExactly(own);
            send(anotherReplica, own); // ... and then read back from the topic
            RemediationEvent newest = event(RemediationPhase.VERIFIED, "inc-a", t0.plusSeconds(3));
            send(anotherReplica, newest);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(log.find(null))
                    .as("each once; the oldest gone past the capacity of 3").containsExactly(newest, own, elsewhere));
        }
    }

    private void send(KafkaProducer<String, RemediationEvent> producer, RemediationEvent event) throws Exception {
        producer.send(new ProducerRecord<>(topics.remediations().name(), event.data().incidentId(), event)).get();
    }

    private static RemediationEvent event(RemediationPhase phase, String incidentId, Instant at) {
        return RemediationEvent.of(phase, RemediatorSettings.SOURCE, at, new RemediationEvent.Data(incidentId, 1,
                "evict", "redis.evict-lru", "redis/cache", "enforce", null, null, null));
    }
}
