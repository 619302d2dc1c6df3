package dev.quell.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.topics.JsonSerde;
import dev.quell.streams.engine.IncidentState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** An incident state kept as a header and one record per alert: what a save writes, and what a load gives back. */
class IncidentStatesTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    private final KeyValueStore<String, IncidentState> headers = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("headers"), Serdes.String(), new JsonSerde<>(IncidentState.class))
            .withLoggingDisabled().build();
    private final KeyValueStore<IncidentStates.AlertKey, IncidentState.AlertState> alerts = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("alerts"), IncidentStates.ALERT_KEY_SERDE,
            new JsonSerde<>(IncidentState.AlertState.class)).withLoggingDisabled().build();
    private final IncidentStates states;

    IncidentStatesTest() {
        headers.init(new MockProcessorContext<>().getStateStoreContext(), headers);
        alerts.init(new MockProcessorContext<>().getStateStoreContext(), alerts);
        states = new IncidentStates(headers, alerts);
    }

    @Test
    void shouldGiveBackTheStateWithItsAlertsInTheOrderTheyJoined() {
        IncidentState saved = incident("inc-1", "prod/api", "zz", "aa", "mm");
        saved.alerts.get("aa").transitions.add(T0);
        saved.alerts.get("aa").flapping = true;
        states.save("prod/api", saved, false);

        IncidentState loaded = states.load("prod/api");

        assertThat(loaded.id).isEqualTo("inc-1");
        assertThat(loaded.alerts).containsOnlyKeys("zz", "aa", "mm");
        assertThat(List.copyOf(loaded.alerts.keySet())).containsExactly("zz", "aa", "mm");
        assertThat(loaded.alerts.get("aa").transitions).containsExactly(T0);
        assertThat(loaded.alerts.get("aa").flapping).isTrue();
        assertThat(loaded.alerts.values()).allSatisfy(alert -> assertThat(alert.isWritten()).isTrue());
        assertThat(states.load("prod/other")).isNull();
    }

    @Test
    void shouldWriteOnlyTheAlertsThatChangedSinceTheyWereWritten() {
        IncidentState state = incident("inc-1", "prod/api", "a", "b");
        states.save("prod/api", state, false);
        IncidentState.AlertState marker = storedAlert("prod/api", "a");
        marker.alertname = "WrittenBefore";
        alerts.put(new IncidentStates.AlertKey("prod/api", "a"), marker); // a rewrite of "a" would replace this

        state.alerts.get("b").status = AlertStatus.RESOLVED;
        addAlert(state, "c");
        states.save("prod/api", state, false);

        assertThat(storedAlert("prod/api", "a").alertname).as("unchanged: not written again").isEqualTo("WrittenBefore");
        assertThat(storedAlert("prod/api", "b").status).isEqualTo(AlertStatus.RESOLVED);
        assertThat(storedAlert("prod/api", "c")).isNotNull();
    }

    @Test
    void shouldWriteNothingOfAnAlertReadBackUnchanged() {
        states.save("prod/api", incident("inc-1", "prod/api", "a"), false);
        IncidentState loaded = states.load("prod/api");
        IncidentState.AlertState marker = storedAlert("prod/api", "a");
        marker.alertname = "WrittenBefore";
        alerts.put(new IncidentStates.AlertKey("prod/api", "a"), marker);

        loaded.alerts.get("a").inhibited = true; // only this one field: still noticed
        states.save("prod/api", loaded, false);

        assertThat(storedAlert("prod/api", "a").alertname).isEqualTo("HighCPUUsage");
        assertThat(storedAlert("prod/api", "a").inhibited).isTrue();
    }

    @Test
    void shouldWriteOfAnInputTheHeaderAndOnlyTheAlertItTouched() {
        IncidentState state = incident("inc-1", "prod/api", "a", "b");
        states.save("prod/api", state, false);

        state.updatedAt = T0.plusSeconds(5);
        state.unclassified = true; // as every input that changes the incident leaves it
        state.alerts.get("a").status = AlertStatus.RESOLVED;
        state.alerts.get("a").transitions.add(T0.plusSeconds(5));
        state.alerts.get("a").flapping = true;
        state.alerts.get("b").inhibited = true; // not the input's alert: left for the version's save
        states.saveInput("prod/api", state, state.alerts.get("a"));

        assertThat(headers.get("prod/api").updatedAt).isEqualTo(T0.plusSeconds(5));
        assertThat(headers.get("prod/api").someFlapping).as("the touched alert began to flap").isTrue();
        assertThat(storedAlert("prod/api", "a").status).isEqualTo(AlertStatus.RESOLVED);
        assertThat(storedAlert("prod/api", "a").transitions).containsExactly(T0.plusSeconds(5));
        assertThat(storedAlert("prod/api", "b").inhibited).isFalse();
        assertThat(state.alerts.get("b").isWritten()).as("still to be written by a full save").isFalse();

        states.save("prod/api", state, false);
        assertThat(storedAlert("prod/api", "b").inhibited).isTrue();
    }

    @Test
    void shouldWriteOnlyTheHeaderOfAnInputAboutNoAlert() {
        IncidentState state = incident("inc-1", "prod/api", "a");
        states.save("prod/api", state, false);
        IncidentState.AlertState marker = storedAlert("prod/api", "a");
        marker.alertname = "WrittenBefore";
        alerts.put(new IncidentStates.AlertKey("prod/api", "a"), marker);

        state.updatedAt = T0.plusSeconds(7); // a log signal's change
        state.unclassified = true;
        states.saveInput("prod/api", state, null);

        assertThat(headers.get("prod/api").updatedAt).isEqualTo(T0.plusSeconds(7));
        assertThat(headers.get("prod/api").someFlapping).isFalse();
        assertThat(storedAlert("prod/api", "a").alertname).isEqualTo("WrittenBefore");
    }

    @Test
    void shouldWriteEveryChangedAlertAfterAnInputThatLeftTheIncidentClassified() {
        IncidentState state = incident("inc-1", "prod/api", "a", "b");
        state.unclassified = true;
        states.save("prod/api", state, false);

        state.unclassified = false; // classified since, with no version: b's inhibition changed unsaved
        state.alerts.get("b").inhibited = true;
        states.saveInput("prod/api", state, null); // e.g. a log signal too late to count

        assertThat(headers.get("prod/api").unclassified).isFalse();
        assertThat(storedAlert("prod/api", "b").inhibited)
                .as("a header saying classified comes with the alerts as classified").isTrue();
    }

    @Test
    void shouldDeleteTheFormerIncidentsAlertsWhenANewOneReplacesIt() {
        states.save("prod/api", incident("inc-1", "prod/api", "a", "b"), false);

        states.save("prod/api", incident("inc-2", "prod/api", "b"), true);

        assertThat(states.load("prod/api").id).isEqualTo("inc-2");
        assertThat(states.load("prod/api").alerts).containsOnlyKeys("b");
        assertThat(allStoredKeys()).containsExactly(new IncidentStates.AlertKey("prod/api", "b"));
    }

    @Test
    void shouldKeepTheAlertsOfAKeyApartFromThoseOfAKeyItBegins() {
        states.save("prod/a", incident("inc-1", "prod/a", "x"), false);
        states.save("prod/ab", incident("inc-2", "prod/ab", "y"), false);
        states.save("prod/a\u0000b", incident("inc-3", "prod/a\u0000b", "z"), false);

        assertThat(states.load("prod/a").alerts).containsOnlyKeys("x");
        assertThat(states.load("prod/ab").alerts).containsOnlyKeys("y");
        assertThat(states.load("prod/a\u0000b").alerts).containsOnlyKeys("z");

        states.save("prod/a", incident("inc-4", "prod/a", "w"), true);
        assertThat(allStoredKeys()).extracting(IncidentStates.AlertKey::fingerprint).containsExactlyInAnyOrder("w", "y", "z");
    }

    private static IncidentState incident(String id, String key, String... fingerprints) {
        IncidentState state = new IncidentState();
        state.id = id;
        state.correlationKey = key;
        state.status = IncidentStatus.OPEN;
        state.openedAt = T0;
        state.updatedAt = T0;
        for (String fingerprint : fingerprints) {
            addAlert(state, fingerprint);
        }
        return state;
    }

    private static void addAlert(IncidentState state, String fingerprint) {
        IncidentState.AlertState alert = new IncidentState.AlertState();
        alert.fingerprint = fingerprint;
        alert.alertname = "HighCPUUsage";
        alert.status = AlertStatus.FIRING;
        alert.heldStatus = AlertStatus.FIRING;
        alert.labels = Map.of("alertname", "HighCPUUsage", "pod", fingerprint);
        alert.startsAt = T0;
        alert.joined = state.alerts.size();
        state.alerts.put(fingerprint, alert);
    }

    private IncidentState.AlertState storedAlert(String key, String fingerprint) {
        return alerts.get(new IncidentStates.AlertKey(key, fingerprint));
    }

    private List<IncidentStates.AlertKey> allStoredKeys() {
        List<IncidentStates.AlertKey> keys = new ArrayList<>();
        try (var all = alerts.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }
}
