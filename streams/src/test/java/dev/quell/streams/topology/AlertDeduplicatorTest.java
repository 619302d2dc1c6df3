package dev.quell.streams.topology;

import static dev.quell.streams.topology.TopologyFixture.alert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The de-duplication step alone, with the topology's own store, over a window of a day (the store's
 * segments are then a day long too: sightings on 2026-11-20 and 2026-11-21 lie in two of them).
 */
class AlertDeduplicatorTest {

    private static final Duration WINDOW = Duration.ofHours(24);
    private static final Instant DAY_ONE = Instant.parse("2026-11-20T00:00:00Z");
    private static final String PASSED = "passed";

    private final Topics topics = Topics.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<String, AlertEvent> in;
    private TestOutputTopic<String, AlertEvent> out;

    @BeforeEach
    void startTopology() throws IOException {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(IncidentTopology.dedupStore(WINDOW));
        builder.stream(topics.alerts().name(), Consumed.with(topics.alerts().keySerde(), topics.alerts().valueSerde()))
                .processValues(() -> new AlertDeduplicator(IncidentTopology.ALERT_DEDUP_STORE, WINDOW),
                        IncidentTopology.ALERT_DEDUP_STORE)
                .to(PASSED, Produced.with(topics.alerts().keySerde(), topics.alerts().valueSerde()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedup-test-" + UUID.randomUUID());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("dedup-test-").toString());
        driver = new TopologyTestDriver(builder.build(), props);
        in = driver.createInputTopic(topics.alerts().name(), new StringSerializer(), topics.alerts().valueSerde().serializer());
        out = driver.createOutputTopic(PASSED, new StringDeserializer(), topics.alerts().valueSerde().deserializer());
    }

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    @Test
    void shouldPassTheFirstSightingAndDropItsRepeatWithinTheWindow() {
        assertThat(sendAt("08:00", firing())).isTrue();
        assertThat(sendAt("12:00", firing())).as("Alertmanager's repeat_interval re-send").isFalse();
        assertThat(sendAt("12:00", firing())).as("the HA twin's copy").isFalse();
    }

    @Test
    void shouldDropARepeatFromBeforeMidnight() {
        assertThat(sendAt(DAY_ONE.plus(Duration.ofMinutes(23 * 60 + 30)), firing())).isTrue();
        assertThat(sendAt(DAY_ONE.plus(Duration.ofMinutes(24 * 60 + 30)), firing())).as("an hour later, the next day").isFalse();
    }

    @Test
    void shouldPassAnAlertLastSeenTheDayBeforeButLongerAgoThanTheWindow() {
        assertThat(sendAt(DAY_ONE.plus(Duration.ofMinutes(30)), firing())).isTrue();
        assertThat(sendAt(DAY_ONE.plus(Duration.ofMinutes(47 * 60 + 30)), firing()))
                .as("47 hours later").isTrue();
    }

    @Test
    void shouldPassARepeatOnceTheWindowHasPassedSinceTheLastSighting() {
        assertThat(sendAt("08:00", firing())).isTrue();
        assertThat(sendAt(DAY_ONE.plus(Duration.ofHours(8 + 25)), firing())).as("25 hours later").isTrue();
    }

    @Test
    void shouldKeepSuppressingRepeatsThatEachComeWithinTheWindowOfTheLast() {
        assertThat(sendAt(DAY_ONE.plus(Duration.ofHours(1)), firing())).isTrue();
        for (int hours = 21; hours <= 101; hours += 20) { // each 20 h after the last; 100 h after the first
            assertThat(sendAt(DAY_ONE.plus(Duration.ofHours(hours)), firing())).as("re-sent at hour %d", hours).isFalse();
        }
    }

    @Test
    void shouldTellAlertsApartByStatusAndStartsAt() {
        assertThat(sendAt("08:00", firing())).isTrue();
        assertThat(sendAt("08:10", alert("HighCPUUsage", AlertStatus.RESOLVED, Duration.ofMinutes(10), "job", "cot-studio")))
                .as("resolved").isTrue();
        assertThat(sendAt("09:00", alert("HighCPUUsage", AlertStatus.FIRING, Duration.ofMinutes(50), Duration.ofMinutes(60),
                "job", "cot-studio"))).as("firing again, with a new startsAt").isTrue();
    }

    private static AlertEvent firing() {
        return alert("HighCPUUsage", AlertStatus.FIRING, Duration.ZERO, "job", "cot-studio");
    }

    private boolean sendAt(String timeOfDayOne, AlertEvent alert) {
        return sendAt(Instant.parse("2026-11-20T" + timeOfDayOne + ":00Z"), alert);
    }

    /** Whether the alert, received at {@code at}, passed the de-duplication. */
    private boolean sendAt(Instant at, AlertEvent alert) {
        in.pipeInput(alert.correlationKey(), alert, at);
        List<AlertEvent> passed = out.readValuesToList();
        return !passed.isEmpty();
    }
}
