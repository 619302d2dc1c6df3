package dev.quell.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quell.kafka.SharedTestBroker;
import dev.quell.kafka.TopicContents;
import dev.quell.schemas.alertmanager.AlertFingerprint;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import dev.quell.streams.engine.EngineSettings;
import dev.quell.streams.rules.ClassificationRules;
import dev.quell.streams.topology.IncidentTopology;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once against the real broker: the streams app is stopped halfway through a stream of
 * alerts and a new instance (with an empty state directory, so its stores come back from their
 * changelogs) takes over. Every incident's versions are then 1..n, none lost, none twice.
 */
class ExactlyOnceRestartIT {

    private static final int KEYS = 30;
    private static final List<String> ALERTNAMES = List.of("HighLatency", "HighCPUUsage", "HighMemoryUsage", "DiskSpaceLow");

    private final Topics topics = new Topics("eos-restart-it.", 3);
    private final String applicationId = "eos-restart-it-" + System.nanoTime();

    @Test
    void shouldLoseAndDuplicateNoIncidentVersionAcrossARestart() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).ensure(topics, 30_000);
        }
        try (KafkaProducer<String, AlertEvent> producer = producer()) {
            KafkaStreams first = start(Files.createTempDirectory("eos-first-"));
            sendAndAwaitVersions(producer, 0);
            sendAndAwaitVersions(producer, 1);
            first.close(Duration.ofSeconds(30));

            KafkaStreams second = start(Files.createTempDirectory("eos-second-"));
            sendAndAwaitVersions(producer, 2);
            sendAndAwaitVersions(producer, 3);
            second.close(Duration.ofSeconds(30));
        }

        Map<String, List<Long>> versions = readIncidents().stream().collect(Collectors.groupingBy(Incident::id,
                TreeMap::new, Collectors.mapping(Incident::version, Collectors.toList())));
        assertThat(versions).hasSize(KEYS);
        assertThat(versions.values()).allSatisfy(list -> assertThat(list).containsExactly(1L, 2L, 3L, 4L));
    }

    private KafkaStreams start(Path stateDir) {
        StreamsSettings settings = new StreamsSettings(SharedTestBroker.bootstrapServers(), "eos-restart-it.",
                applicationId, stateDir, Optional.empty(), 1, StreamsSettings.DEFAULT_COMMIT_INTERVAL,
                URI.create("http://127.0.0.1:1"), EngineSettings.defaults());
        KafkaStreams streams = new KafkaStreams(IncidentTopology.build(new StreamsBuilder(), topics,
                ClassificationRules.defaults(), EngineSettings.defaults()), StreamsRunner.properties(settings));
        streams.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    /**
     * Alert {@code n} of every key — each a new alertname, so each makes a new version — and then
     * that version of every incident: alerts of one incident within one {@code emit-every} would
     * be one version.
     */
    private void sendAndAwaitVersions(KafkaProducer<String, AlertEvent> producer, int n) throws Exception {
        for (int key = 0; key < KEYS; key++) {
            Map<String, String> labels = Map.of("alertname", ALERTNAMES.get(n), "job", "svc-" + key,
                    "severity", "warning");
            Instant now = Instant.now();
            AlertEvent alert = new AlertEvent(AlertFingerprint.of(labels), "-/svc-" + key, ALERTNAMES.get(n),
                    AlertStatus.FIRING, labels, Map.of(), now, null, null, "quell", "{}", null, now);
            producer.send(new ProducerRecord<>(topics.alerts().name(), alert.correlationKey(), alert));
        }
        producer.flush();
        awaitIncidentRecords(KEYS * (n + 1));
    }

    private void awaitIncidentRecords(int count) {
        await().atMost(Duration.ofSeconds(90)).until(() -> readIncidents().size() >= count);
    }

    private List<Incident> readIncidents() {
        return TopicContents.readAll(SharedTestBroker.bootstrapServers(), topics.incidents().name(),
                topics.incidents().keySerde().deserializer(), topics.incidents().valueSerde().deserializer())
                .stream().map(record -> record.value()).toList();
    }

    private static KafkaProducer<String, AlertEvent> producer() {
        Topics registry = Topics.defaults();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, registry.alerts().keySerde().serializer(), registry.alerts().valueSerde().serializer());
    }
}
