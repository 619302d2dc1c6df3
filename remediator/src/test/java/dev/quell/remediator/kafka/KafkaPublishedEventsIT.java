package dev.quell.remediator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.kafka.SharedTestBroker;
import dev.quell.remediator.engine.RemediationEngine;
import dev.quell.remediator.engine.RemediatorSettings;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Reading the events topic back from a point in time, for the decisions asked about only. */
class KafkaPublishedEventsIT {

    private static final Instant T0 = Instant.now().minusSeconds(600);

    private final Topics topics = new Topics("published-events-it-" + System.nanoTime() + ".", 3);

    @Test
    void shouldAnswerTheEventsOfTheDecisionsAskedAboutSinceATimeOldestFirst() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).ensure(topics, 30_000);
        }
        RemediationEvent before = event(RemediationPhase.STARTED, "inc-a", 1, T0);
        RemediationEvent started = event(RemediationPhase.STARTED, "inc-a", 2, T0.plusSeconds(60));
        RemediationEvent verified = event(RemediationPhase.VERIFIED, "inc-a", 2, T0.plusSeconds(65));
        RemediationEvent otherIncident = event(RemediationPhase.STARTED, "inc-b", 2, T0.plusSeconds(70));
        try (KafkaProducer<String, RemediationEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), topics.remediations().valueSerde().serializer())) {
            for (RemediationEvent event : List.of(before, started, verified, otherIncident)) {
                producer.send(new ProducerRecord<>(topics.remediations().name(), null, event.time().toEpochMilli(),
                        event.data().incidentId(), event)).get();
            }
        }
        String asked = RemediationEngine.decisionKey("inc-a", "evict", 2);
        String askedNotPublished = RemediationEngine.decisionKey("inc-c", "evict", 1);

        Map<String, List<RemediationEvent>> found = new KafkaPublishedEvents(SharedTestBroker.bootstrapServers(),
                topics.remediations()).since(T0.plusSeconds(30), List.of(asked, askedNotPublished));

        assertThat(found).containsOnlyKeys(asked);
        assertThat(found.get(asked)).extracting(RemediationEvent::phase)
                .containsExactly(RemediationPhase.STARTED, RemediationPhase.VERIFIED);
    }

    private static RemediationEvent event(RemediationPhase phase, String incidentId, long version, Instant at) {
        return RemediationEvent.of(phase, RemediatorSettings.SOURCE, at, new RemediationEvent.Data(incidentId, version,
                "evict", "redis.evict-lru", "redis/cache", "enforce", null, null, null));
    }
}
