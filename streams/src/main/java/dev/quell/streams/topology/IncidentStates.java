package dev.quell.streams.topology;

import dev.quell.streams.engine.IncidentState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The incident state of each correlation key, kept in two stores: its header (everything but the
 * alerts) under the key, and each alert under the key and its fingerprint. A save writes the
 * header and only the alerts that changed since they were last written or read, so an incident of
 * forty alerts that gains one writes one alert, not forty: what a save writes no longer grows with
 * the incident (the whole state was the largest changelog and a sixth of the stream thread).
 */
final class IncidentStates {

    /** The key of an alert in {@link IncidentTopology#INCIDENT_ALERTS_STORE}. */
    record AlertKey(String key, String fingerprint) {
    }

    private final KeyValueStore<String, IncidentState> headers;
    private final KeyValueStore<AlertKey, IncidentState.AlertState> alerts;

    IncidentStates(KeyValueStore<String, IncidentState> headers, KeyValueStore<AlertKey, IncidentState.AlertState> alerts) {
        this.headers = headers;
        this.alerts = alerts;
    }

    /** The key's state with its alerts, in the order they joined the incident; null if there is none. */
    IncidentState load(String key) {
        IncidentState header = headers.get(key);
        return header == null ? null : withAlerts(key, header);
    }

    /** The header's alerts, read from their store (a header from {@link #headers()}). */
    IncidentState withAlerts(String key, IncidentState header) {
        List<IncidentState.AlertState> stored = new ArrayList<>();
        try (KeyValueIterator<AlertKey, IncidentState.AlertState> all = alerts.prefixScan(key, KEY_PREFIX)) {
            all.forEachRemaining(entry -> stored.add(entry.value));
        }
        stored.sort(Comparator.comparingInt(alert -> alert.joined));
        for (IncidentState.AlertState alert : stored) {
            alert.markWritten();
            header.alerts.put(alert.fingerprint, alert);
        }
        return header;
    }

    /**
     * Writes the header and each alert that changed since written. {@code replacesAnother}: the
     * key's stored alerts are a former incident's, deleted first (the new one may share fingerprints).
     */
    void save(String key, IncidentState state, boolean replacesAnother) {
        if (replacesAnother) {
            List<AlertKey> former = new ArrayList<>();
            try (KeyValueIterator<AlertKey, IncidentState.AlertState> all = alerts.prefixScan(key, KEY_PREFIX)) {
                all.forEachRemaining(entry -> former.add(entry.key));
            }
            former.forEach(alertKey -> alerts.put(alertKey, null));
        }
        state.someFlapping = state.anyFlapping();
        headers.put(key, state);
        for (IncidentState.AlertState alert : state.alerts.values()) {
            if (!alert.isWritten()) {
                alerts.put(new AlertKey(key, alert.fingerprint), alert);
                alert.markWritten();
            }
        }
    }

    /**
     * Writes what one input changed: the header, and {@code touched} (the alert the input is about;
     * null for a log signal or a remediation) if it changed since written. An input changes no other
     * alert ({@link dev.quell.streams.engine.IncidentEngine#onAlert}) — inhibition and classification,
     * which change many, wait for the version, whose save is {@link #save}'s. Checking every alert on
     * every input made each input of an incident of n alerts cost n: a third of the stream thread for
     * an incident of 10,000 (docs/benchmarks.md, 2026-12-07). The other alerts may differ from what the
     * store holds — the last classification may have changed them unsaved, when it made no version —
     * but the header then says {@code unclassified}, so whoever loads the state classifies it again
     * before it is read. An input that changed nothing (a late log signal, another incident's
     * remediation) leaves the state classified: then every alert is checked, as {@link #save} does.
     */
    void saveInput(String key, IncidentState state, IncidentState.AlertState touched) {
        if (!state.unclassified) {
            save(key, state, false);
            return;
        }
        state.someFlapping |= touched != null && touched.flapping; // an input only ever starts a flapping
        headers.put(key, state);
        if (touched != null && !touched.isWritten()) {
            alerts.put(new AlertKey(key, touched.fingerprint), touched);
            touched.markWritten();
        }
    }

    /** Every header (without its alerts). */
    KeyValueIterator<String, IncidentState> headers() {
        return headers.all();
    }

    /**
     * Serializes an alert's key as the length of the correlation key, the key and the fingerprint
     * (UTF-8), so the alerts of one key are exactly those whose bytes begin with {@link #KEY_PREFIX}'s.
     */
    static final Serde<AlertKey> ALERT_KEY_SERDE = Serdes.serdeFrom(
            (Serializer<AlertKey>) (topic, alertKey) -> {
                byte[] key = alertKey.key().getBytes(StandardCharsets.UTF_8);
                byte[] fingerprint = alertKey.fingerprint().getBytes(StandardCharsets.UTF_8);
                return ByteBuffer.allocate(Integer.BYTES + key.length + fingerprint.length)
                        .putInt(key.length).put(key).put(fingerprint).array();
            },
            (Deserializer<AlertKey>) (topic, bytes) -> {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                int keyLength = buffer.getInt();
                String key = new String(bytes, Integer.BYTES, keyLength, StandardCharsets.UTF_8);
                int fingerprintAt = Integer.BYTES + keyLength;
                return new AlertKey(key, new String(bytes, fingerprintAt, bytes.length - fingerprintAt, StandardCharsets.UTF_8));
            });

    /** The leading bytes of every alert key of one correlation key. */
    static final Serializer<String> KEY_PREFIX = (topic, key) -> {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + bytes.length).putInt(bytes.length).put(bytes).array();
    };
}
