package dev.quell.streams.topology;

import static dev.quell.streams.topology.TopologyFixture.T0;
import static dev.quell.streams.topology.TopologyFixture.alert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.topics.JsonSerde;
import dev.quell.schemas.topics.Topics;
import dev.quell.streams.engine.EngineSettings;
import dev.quell.streams.engine.IncidentEngine;
import dev.quell.streams.engine.IncidentInput;
import dev.quell.streams.engine.IncidentState;
import dev.quell.streams.rules.ClassificationRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The incident processor writes each input's change at once (the header and the alert it
 * touched) and publishes versions once per {@code emit-every}: a task that stops between the two —
 * its stores restored from the changelogs to what was committed, as the stores shared here are —
 * loses no input and counts none twice. The states it caches stay bounded.
 */
class IncidentProcessorRestartTest {

    private static final EngineSettings SETTINGS = EngineSettings.defaults();
    private static final String KEY = "prod/api";

    private final KeyValueStore<String, IncidentState> headers = store(IncidentTopology.INCIDENT_HEADERS_STORE,
            Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(IncidentTopology.INCIDENT_HEADERS_STORE),
                    Serdes.String(), new JsonSerde<>(IncidentState.class)).withLoggingDisabled().build());
    private final KeyValueStore<IncidentStates.AlertKey, IncidentState.AlertState> alerts = store(
            IncidentTopology.INCIDENT_ALERTS_STORE, Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(IncidentTopology.INCIDENT_ALERTS_STORE), IncidentStates.ALERT_KEY_SERDE,
                    new JsonSerde<>(IncidentState.AlertState.class)).withLoggingDisabled().build());
    private final KeyValueStore<String, Incident> byId = store(IncidentTopology.INCIDENTS_BY_ID_STORE,
            Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(IncidentTopology.INCIDENTS_BY_ID_STORE),
                    Serdes.String(), Topics.defaults().incidents().valueSerde()).withLoggingDisabled().build());
    private final KeyValueStore<String, Long> unpublished = store(IncidentTopology.UNPUBLISHED_STORE,
            Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(IncidentTopology.UNPUBLISHED_STORE),
                    Serdes.String(), Serdes.Long()).withLoggingDisabled().build());

    private final QuietCommits quietCommits = new QuietCommits(); // the processors here share one stream thread

    @Test
    void shouldLoseNoInputWhenTheTaskStopsBeforeItsVersionIsPublished() {
        MockProcessorContext<String, Incident> first = context();
        IncidentProcessor stopped = processor(first);
        for (int pod = 0; pod < 3; pod++) {
            stopped.process(input(pod));
        }
        assertThat(headers.get(KEY)).as("written with each input").isNotNull();
        assertThat(storedAlerts()).hasSize(3);
        assertThat(first.forwarded()).isEmpty();

        MockProcessorContext<String, Incident> second = context(); // a restart on what the changelogs restore
        IncidentProcessor restarted = processor(second);
        restarted.process(input(3));
        publish(second);

        assertThat(second.forwarded()).singleElement().satisfies(forward -> {
            assertThat(forward.record().value().version()).isEqualTo(1);
            assertThat(forward.record().value().alerts()).extracting(Incident.Alert::labels)
                    .extracting(labels -> labels.get("pod")).containsExactly("api-0", "api-1", "api-2", "api-3");
        });
        assertThat(storedAlerts()).hasSize(4);
        assertThat(unpublished.approximateNumEntries()).isZero();
    }

    @Test
    void shouldAskForACommitWhenAVersionFollowsTwoQuietCommitIntervals() {
        MockProcessorContext<String, Incident> context = context(); // commit.interval.ms 50
        IncidentProcessor processor = processor(context);
        long t = T0.toEpochMilli();
        publishAt(context, t);
        assertThat(context.committed()).as("nothing published: nothing to make visible").isFalse();

        processor.process(input(0));
        publishAt(context, t + 25);
        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.committed()).as("the first version after a quiet spell is committed at once").isTrue();

        context.resetCommit();
        processor.process(input(1));
        publishAt(context, t + 50);
        assertThat(context.forwarded()).hasSize(2);
        assertThat(context.committed()).as("versions in a steady flow wait for the commit interval").isFalse();

        processor.process(input(2));
        publishAt(context, t + 149);
        assertThat(context.forwarded()).hasSize(3);
        assertThat(context.committed()).as("99 ms since the last version").isFalse();

        processor.process(input(3));
        publishAt(context, t + 249);
        assertThat(context.forwarded()).hasSize(4);
        assertThat(context.committed()).as("two commit intervals since the last version").isTrue();
    }

    @Test
    void shouldJudgeTheQuietSpellOverAllTheTasksOfTheThread() {
        MockProcessorContext<String, Incident> firstTask = context();
        MockProcessorContext<String, Incident> secondTask = context();
        IncidentProcessor first = processor(firstTask);
        IncidentProcessor second = processor(secondTask);
        long t = T0.toEpochMilli();

        first.process(input(0));
        publishAt(firstTask, t);
        second.process(input(1));
        publishAt(secondTask, t + 25);

        assertThat(firstTask.committed()).isTrue();
        assertThat(secondTask.forwarded()).hasSize(1);
        assertThat(secondTask.committed()).as("the thread's transaction published a version 25 ms ago").isFalse();
    }

    @Test
    void shouldReadTheCommitIntervalTheApplicationRunsWith() {
        assertThat(IncidentProcessor.commitIntervalMs(java.util.Map.of("commit.interval.ms", 50L))).isEqualTo(50);
        assertThat(IncidentProcessor.commitIntervalMs(java.util.Map.of("commit.interval.ms", "250"))).isEqualTo(250);
        assertThat(IncidentProcessor.commitIntervalMs(java.util.Map.of())).as("exactly-once's default").isEqualTo(100);
    }

    @Test
    void shouldCountEachInputOnceAcrossARestart() {
        MockProcessorContext<String, Incident> first = context();
        IncidentProcessor stopped = processor(first);
        stopped.process(input(0));
        stopped.process(input(1));
        publish(first);
        stopped.process(input(2)); // after the version: waits for the next one

        MockProcessorContext<String, Incident> second = context();
        processor(second);
        publish(second);

        assertThat(second.forwarded()).singleElement().satisfies(forward -> {
            assertThat(forward.record().value().version()).isEqualTo(2);
            assertThat(forward.record().value().alerts()).as("read back from the store in the order they joined")
                    .extracting(Incident.Alert::labels).extracting(labels -> labels.get("pod"))
                    .containsExactly("api-0", "api-1", "api-2");
        });
    }

    @Test
    void shouldNotGiveANewIncidentOnAKeyTheStoredAlertsOfTheOneBeforeIt() {
        MockProcessorContext<String, Incident> first = context();
        IncidentProcessor processor = processor(first);
        processor.process(input(0, AlertStatus.FIRING, Duration.ofSeconds(1)));
        publish(first);
        processor.process(input(0, AlertStatus.RESOLVED, Duration.ofSeconds(2)));
        publish(first);
        tick(first, T0.plus(SETTINGS.resolveGrace()).plusSeconds(10)); // quiet for longer than the grace: resolved
        processor.process(input(1, AlertStatus.FIRING, SETTINGS.resolveGrace().plusSeconds(20))); // a new incident
        publish(first);

        MockProcessorContext<String, Incident> second = context(); // a restart: the state comes from the stores
        IncidentProcessor restarted = processor(second);
        restarted.process(input(2, AlertStatus.FIRING, SETTINGS.resolveGrace().plusSeconds(21)));
        publish(second);

        assertThat(second.forwarded()).singleElement().satisfies(forward -> assertThat(forward.record().value().alerts())
                .extracting(Incident.Alert::labels).extracting(labels -> labels.get("pod"))
                .containsExactly("api-1", "api-2"));
        assertThat(storedAlerts()).extracting(alert -> alert.labels.get("pod")).containsExactlyInAnyOrder("api-1", "api-2");
    }

    @Test
    void shouldResolveAQuietIncidentThatIsNotCachedWithItsAlerts() {
        MockProcessorContext<String, Incident> first = context();
        IncidentProcessor processor = processor(first);
        processor.process(input(0, AlertStatus.FIRING, Duration.ofSeconds(1)));
        processor.process(input(1, AlertStatus.FIRING, Duration.ofSeconds(1)));
        publish(first);
        processor.process(input(0, AlertStatus.RESOLVED, Duration.ofSeconds(2)));
        processor.process(input(1, AlertStatus.RESOLVED, Duration.ofSeconds(2)));
        publish(first);

        MockProcessorContext<String, Incident> second = context(); // a restart: nothing cached
        processor(second);
        tick(second, T0.plus(SETTINGS.resolveGrace()).plusSeconds(10));

        assertThat(second.forwarded()).singleElement().satisfies(forward -> {
            Incident resolved = forward.record().value();
            assertThat(resolved.status()).isEqualTo(dev.quell.schemas.events.IncidentStatus.RESOLVED);
            assertThat(resolved.version()).isEqualTo(3);
            assertThat(resolved.alerts()).extracting(Incident.Alert::status)
                    .containsExactly(AlertStatus.RESOLVED, AlertStatus.RESOLVED);
        });
        assertThat(storedAlerts()).hasSize(2);
    }

    @Test
    void shouldEndTheFlappingOfAnIncidentThatIsNotCached() {
        MockProcessorContext<String, Incident> first = context();
        IncidentProcessor processor = processor(first);
        for (int minute = 0; minute <= 4; minute++) { // firing, resolved, firing, resolved, firing: a version each
            processor.process(input(0, minute % 2 == 0 ? AlertStatus.FIRING : AlertStatus.RESOLVED, Duration.ofMinutes(minute)));
            publish(first);
        }
        assertThat(first.forwarded()).last().satisfies(forward -> assertThat(forward.record().value().flapping()).isTrue());

        MockProcessorContext<String, Incident> second = context(); // a restart: nothing cached
        processor(second);
        tick(second, T0.plus(Duration.ofMinutes(4)).plus(SETTINGS.flapStableAfter()).plusSeconds(1));

        assertThat(second.forwarded()).singleElement().satisfies(forward -> {
            assertThat(forward.record().value().flapping()).isFalse();
            assertThat(forward.record().value().status()).isEqualTo(dev.quell.schemas.events.IncidentStatus.OPEN);
        });
    }

    @Test
    void shouldCacheNoMoreStatesThanItsBound() {
        MockProcessorContext<String, Incident> context = context();
        IncidentProcessor processor = processor(context);
        int keys = IncidentProcessor.LIVE_STATES + 100;
        for (int service = 0; service < keys; service++) { // a burst between two punctuations
            AlertEvent alert = alert("HighCPUUsage", AlertStatus.FIRING, Duration.ofSeconds(1), "namespace", "prod",
                    "service", "svc-" + service);
            processor.process(new Record<>(alert.correlationKey(), IncidentInput.of(alert),
                    alert.receivedAt().toEpochMilli()));
        }
        assertThat(processor.cachedStates()).isEqualTo(IncidentProcessor.LIVE_STATES);

        publish(context); // the states evicted from the cache are read back from the stores

        assertThat(processor.cachedStates()).isEqualTo(IncidentProcessor.LIVE_STATES);
        assertThat(context.forwarded()).hasSize(keys);
        assertThat(headers.approximateNumEntries()).isEqualTo(keys);
    }

    @Test
    void shouldSpaceTheVersionsOfALargeIncidentBySizeWhileItGathersEveryInput() {
        MockProcessorContext<String, Incident> context = context();
        IncidentProcessor processor = processor(context);
        long now = T0.plusSeconds(5).toEpochMilli();
        for (int pod = 0; pod < 40; pod++) { // 40 alerts of 4 KB of labels: a version of ~160 KB
            processor.process(largeInput(pod));
        }
        publishAt(context, now);
        assertThat(context.forwarded()).singleElement()
                .satisfies(forward -> assertThat(forward.record().value().alerts()).hasSize(40));
        context.resetForwards();

        processor.process(largeInput(40));
        publishAt(context, now + SETTINGS.emitEvery().toMillis());
        assertThat(context.forwarded()).as("~160 KB: the next version waits ~2.5 × emit-every").isEmpty();

        processor.process(largeInput(41));
        publishAt(context, now + 3 * SETTINGS.emitEvery().toMillis());
        assertThat(context.forwarded()).singleElement().as("one version with both inputs")
                .satisfies(forward -> assertThat(forward.record().value().alerts()).hasSize(42));
    }

    private static Record<String, IncidentInput> largeInput(int pod) {
        AlertEvent alert = alert("KubePodNotReady", AlertStatus.FIRING, Duration.ofSeconds(1), "namespace", "prod",
                "service", "api", "pod", "api-" + pod, "detail", "d".repeat(4_000));
        return new Record<>(alert.correlationKey(), IncidentInput.of(alert), alert.receivedAt().toEpochMilli());
    }

    private IncidentProcessor processor(MockProcessorContext<String, Incident> context) {
        IncidentProcessor processor = new IncidentProcessor(new IncidentEngine(ClassificationRules.defaults(), SETTINGS),
                SETTINGS.tickEvery(), SETTINGS.resolvedRetention(), SETTINGS.emitEvery(), quietCommits,
                new RecordSizedVersions(new JsonSerde<>(Incident.class).serializer(), "incidents",
                        RecordLimit.forIncidentVersions(), TopologyEvents.NONE));
        List.of(headers, alerts, byId, unpublished).forEach(context::addStateStore);
        processor.init(context);
        return processor;
    }

    private static MockProcessorContext<String, Incident> context() {
        java.util.Properties config = new java.util.Properties();
        config.put(org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50L);
        MockProcessorContext<String, Incident> context = new MockProcessorContext<>(config);
        context.setCurrentStreamTimeMs(T0.toEpochMilli());
        return context;
    }

    /** The wall-clock punctuation that publishes what waits (the one scheduled every {@code emit-every}). */
    private static void publish(MockProcessorContext<String, Incident> context) {
        publishAt(context, T0.plusSeconds(5).toEpochMilli());
    }

    private static void publishAt(MockProcessorContext<String, Incident> context, long wallClockMs) {
        context.scheduledPunctuators().stream()
                .filter(punctuator -> punctuator.getInterval().equals(SETTINGS.emitEvery()))
                .findFirst().orElseThrow()
                .getPunctuator().punctuate(wallClockMs);
    }

    /** The wall-clock punctuation that resolves quiet incidents (the one scheduled every {@code tick-every}). */
    private static void tick(MockProcessorContext<String, Incident> context, java.time.Instant now) {
        context.scheduledPunctuators().stream()
                .filter(punctuator -> punctuator.getInterval().equals(SETTINGS.tickEvery()))
                .findFirst().orElseThrow()
                .getPunctuator().punctuate(now.toEpochMilli());
    }

    private static Record<String, IncidentInput> input(int pod) {
        return input(pod, AlertStatus.FIRING, Duration.ofSeconds(1));
    }

    private static Record<String, IncidentInput> input(int pod, AlertStatus status, Duration at) {
        AlertEvent alert = alert("KubePodNotReady", status, at, "namespace", "prod", "service", "api", "pod", "api-" + pod);
        return new Record<>(alert.correlationKey(), IncidentInput.of(alert), alert.receivedAt().toEpochMilli());
    }

    private List<IncidentState.AlertState> storedAlerts() {
        List<IncidentState.AlertState> stored = new ArrayList<>();
        try (var all = alerts.all()) {
            all.forEachRemaining(entry -> stored.add(entry.value));
        }
        return stored;
    }

    private static <S extends StateStore> S store(String name, S store) {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }
}
