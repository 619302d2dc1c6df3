package dev.quell.streams.topology;

import dev.quell.schemas.alertmanager.AlertFingerprint;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.topics.Topics;
import dev.quell.streams.engine.EngineSettings;
import dev.quell.streams.rules.ClassificationRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The real topology ({@link IncidentTopology#build}) in a {@link TopologyTestDriver}, with
 * explicit event times and a wall clock that starts at {@link #T0}; helpers speak the seeds'
 * alerts and logs.
 */
final class TopologyFixture implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    private static final CorrelationKeys KEYS = CorrelationKeys.defaults();

    final Topics topics = Topics.defaults();
    final TopologyTestDriver driver;
    final TestInputTopic<String, AlertEvent> alerts;
    final TestInputTopic<String, LogEvent> logs;
    final TestInputTopic<String, RemediationEvent> remediations;
    final TestInputTopic<String, byte[]> rawAlerts;
    final TestOutputTopic<String, Incident> incidents;
    final TestOutputTopic<String, DeadLetter> deadLetters;
    private final Duration emitEvery;

    TopologyFixture() {
        this(ClassificationRules.defaults(), EngineSettings.defaults());
    }

    TopologyFixture(ClassificationRules rules, EngineSettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "quell-streams-test-" + UUID.randomUUID());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir().toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(IncidentTopology.build(new StreamsBuilder(), topics, rules, settings), props, T0);
        emitEvery = settings.emitEvery();
        alerts = driver.createInputTopic(topics.alerts().name(), new StringSerializer(),
                topics.alerts().valueSerde().serializer());
        rawAlerts = driver.createInputTopic(topics.alerts().name(), new StringSerializer(), new ByteArraySerializer());
        logs = driver.createInputTopic(topics.logs().name(), new StringSerializer(), topics.logs().valueSerde().serializer());
        remediations = driver.createInputTopic(topics.remediations().name(), new StringSerializer(),
                topics.remediations().valueSerde().serializer());
        incidents = driver.createOutputTopic(topics.incidents().name(), new StringDeserializer(),
                topics.incidents().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), new StringDeserializer(),
                topics.deadLetters().valueSerde().deserializer());
    }

    /** An alert as ingest would produce it, received at {@code T0 + at}, that started firing at T0. */
    static AlertEvent alert(String alertname, AlertStatus status, Duration at, String... labelPairs) {
        return alert(alertname, status, Duration.ZERO, at, labelPairs);
    }

    /** An alert that started firing at {@code T0 + startedAt}, received at {@code T0 + at}. */
    static AlertEvent alert(String alertname, AlertStatus status, Duration startedAt, Duration at, String... labelPairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alertname);
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        Instant received = T0.plus(at);
        return new AlertEvent(AlertFingerprint.of(labels), KEYS.forAlertLabels(labels), alertname, status, labels,
                Map.of(), T0.plus(startedAt), status == AlertStatus.RESOLVED ? received : null, null, "quell", "{}", null,
                received);
    }

    /** Sends the alert, and lets the wall clock reach the next publication of versions. */
    void send(AlertEvent alert) {
        alerts.pipeInput(alert.correlationKey(), alert, alert.receivedAt());
        publish();
    }

    /** Moves the wall clock by {@code emit-every}: the incidents changed since the last versions get their new one. */
    void publish() {
        driver.advanceWallClockTime(emitEvery);
    }

    /** A log line of the key's service at {@code T0 + at}. */
    void log(String namespace, String service, String level, String message, Duration at) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("@timestamp", T0.plus(at).toString());
        doc.put("log.level", level);
        doc.put("message", message);
        doc.put("kubernetes.namespace", namespace);
        doc.put("service.name", service);
        LogEvent log = new LogEvent(T0.plus(at), message, level, service, null, namespace, null, null, null, Map.of(),
                namespace + "/" + service, T0.plus(at), Json.mapper().valueToTree(doc));
        logs.pipeInput(log.correlationKey(), log, T0.plus(at));
        publish();
    }

    void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    private static Path stateDir() {
        try {
            return Files.createTempDirectory("quell-streams-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every incident version emitted so far (and not read before), once what waited was published. */
    List<Incident> versions() {
        publish();
        return incidents.readValuesToList();
    }

    /** The newest version of each incident among those emitted so far. */
    Map<String, Incident> latest() {
        return versions().stream().collect(Collectors.toMap(Incident::id, incident -> incident,
                (older, newer) -> newer.version() > older.version() ? newer : older, LinkedHashMap::new));
    }

    KeyValueStore<String, Incident> byId() {
        publish();
        return driver.getKeyValueStore(IncidentTopology.INCIDENTS_BY_ID_STORE);
    }

    @Override
    public void close() {
        driver.close();
    }
}
