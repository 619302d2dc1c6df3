package dev.quell.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quell.kafka.SharedTestBroker;
import dev.quell.schemas.alertmanager.AlertFingerprint;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.Severity;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import dev.quell.streams.engine.EngineSettings;
import dev.quell.streams.rules.ClassificationRules;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two streams instances share the partitions: each holds part of the incidents, knows the other
 * one, and answers a query for an incident the other holds with where to ask.
 */
class TwoInstancesQueryIT {

    private static final int KEYS = 12;

    private final Topics topics = new Topics("two-instances-it.", 6);
    private final String applicationId = "two-instances-it-" + System.nanoTime();
    private final List<StreamsRunner> runners = new ArrayList<>();

    @AfterEach
    void stop() {
        runners.forEach(StreamsRunner::close);
    }

    @Test
    void shouldSplitTheIncidentsAndPointToTheInstanceThatHoldsOne() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).ensure(topics, 30_000);
        }
        IncidentQueries first = instance(7001);
        IncidentQueries second = instance(7002);
        await().atMost(Duration.ofSeconds(90)).until(() -> runners.stream()
                .allMatch(runner -> runner.streams().state() == KafkaStreams.State.RUNNING));
        send();

        EnumSet<IncidentStatus> open = EnumSet.of(IncidentStatus.OPEN);
        EnumSet<Severity> all = EnumSet.allOf(Severity.class);
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() ->
                first.local(open, all, KEYS).incidents().size() + second.local(open, all, KEYS).incidents().size() == KEYS);
        assertThat(first.local(open, all, KEYS).incidents()).as("each instance holds some").isNotEmpty();
        assertThat(second.local(open, all, KEYS).incidents()).isNotEmpty();
        assertThat(first.otherInstances()).containsExactly(new HostInfo("127.0.0.1", 7002));
        assertThat(second.otherInstances()).containsExactly(new HostInfo("127.0.0.1", 7001));

        Incident heldBySecond = second.local(open, all, KEYS).incidents().get(0);
        IncidentQueries.Location askedFirst = first.find(heldBySecond.id());
        assertThat(askedFirst.local()).isFalse();
        assertThat(askedFirst.owner()).isEqualTo(new HostInfo("127.0.0.1", 7002));
        IncidentQueries.Location askedSecond = second.find(heldBySecond.id());
        assertThat(askedSecond.local()).isTrue();
        assertThat(askedSecond.incident()).contains(heldBySecond);
    }

    private IncidentQueries instance(int port) throws Exception {
        StreamsSettings settings = new StreamsSettings(SharedTestBroker.bootstrapServers(), "two-instances-it.",
                applicationId, Files.createTempDirectory("two-instances-" + port + "-"), Optional.empty(), 1,
                StreamsSettings.DEFAULT_COMMIT_INTERVAL, URI.create("http://127.0.0.1:" + port), EngineSettings.defaults());
        StreamsRunner runner = new StreamsRunner(settings, ClassificationRules.defaults(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        runners.add(runner);
        return new IncidentQueries(runner, settings);
    }

    private void send() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers());
        try (KafkaProducer<String, AlertEvent> producer = new KafkaProducer<>(props,
                topics.alerts().keySerde().serializer(), topics.alerts().valueSerde().serializer())) {
            for (int key = 0; key < KEYS; key++) {
                Map<String, String> labels = Map.of("alertname", "HighLatency", "job", "svc-" + key);
                Instant now = Instant.now();
                AlertEvent alert = new AlertEvent(AlertFingerprint.of(labels), "-/svc-" + key, "HighLatency",
                        AlertStatus.FIRING, labels, Map.of(), now, null, null, "quell", "{}", null, now);
                producer.send(new ProducerRecord<>(topics.alerts().name(), alert.correlationKey(), alert));
            }
        }
    }
}
