package dev.quell.streams.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the engine keeps about the incident of one correlation key (the value of the incident
 * store): the current one, or the last one once it resolved. Mutable, and only ever touched by
 * the one stream thread that owns its partition.
 */
public final class IncidentState {

    public String id;
    public long version;
    public String correlationKey;
    public IncidentStatus status;
    public Instant openedAt;
    public Instant updatedAt;
    public Instant resolvedAt;
    /** Since when nothing fires (or, for an incident of log signals only, the last signal); null while something fires. */
    public Instant quietSince;
    /** Stored apart from the rest, one record per alert (see the topology's {@code IncidentStates}). */
    @JsonIgnore
    public Map<String, AlertState> alerts = new LinkedHashMap<>();
    public Map<String, SignalState> signals = new LinkedHashMap<>();
    /** Ids of {@code failed}/{@code escalated} remediation events counted for this incident. */
    public Set<String> failedRemediations = new LinkedHashSet<>();
    public Severity severity;
    public List<Incident.SeverityReason> reasons = new ArrayList<>();
    public Instant respondBy;
    /** Whether an alert of it flaps, as of the last save: the tick needs the alerts only then (or while unclassified). */
    public boolean someFlapping;
    /** Inputs changed the incident since it was last classified: inhibition, severity, reasons, respondBy are not current. */
    public boolean unclassified;
    public boolean slaBreached;
    /** A digest of what the last emitted version looked like to a reader: a new version only when this changes. */
    public String emitted;

    @JsonIgnore
    public boolean isOpen() {
        return status == IncidentStatus.OPEN;
    }

    public boolean anyFiring() {
        return alerts.values().stream().anyMatch(alert -> alert.status == AlertStatus.FIRING);
    }

    public boolean anyFlapping() {
        return alerts.values().stream().anyMatch(alert -> alert.flapping);
    }

    /** One alert of the incident, by fingerprint. */
    public static final class AlertState {
        public String fingerprint;
        public String alertname;
        public AlertStatus status;
        /** The status classification uses: frozen while the alert flaps. */
        public AlertStatus heldStatus;
        /** Never changed in place: replaced whole when the alert's labels change. */
        public Map<String, String> labels = Map.of();
        public Instant startsAt;
        public List<Instant> transitions = new ArrayList<>();
        public boolean flapping;
        public boolean inhibited;
        /** Its place among the incident's alerts: the number of alerts the incident had when this one joined. */
        public int joined;
        /** What the rules say about {@link #labels}; null until asked, and again whenever the labels are set. */
        @JsonIgnore
        public LabelVerdicts verdicts;
        /** The fields as last written to (or read from) the store; null before that. */
        @JsonIgnore
        private AlertState written;

        /** Whether the store holds the alert as it is now. Every stored field is compared here. */
        @JsonIgnore
        public boolean isWritten() {
            return written != null && Objects.equals(alertname, written.alertname) && status == written.status
                    && heldStatus == written.heldStatus && Objects.equals(labels, written.labels)
                    && Objects.equals(startsAt, written.startsAt) && transitions.equals(written.transitions)
                    && flapping == written.flapping && inhibited == written.inhibited && joined == written.joined
                    && Objects.equals(fingerprint, written.fingerprint);
        }

        /** The store holds the alert as it is now. */
        public void markWritten() {
            AlertState copy = new AlertState();
            copy.fingerprint = fingerprint;
            copy.alertname = alertname;
            copy.status = status;
            copy.heldStatus = heldStatus;
            copy.labels = labels; // never changed in place
            copy.startsAt = startsAt;
            copy.transitions = List.copyOf(transitions);
            copy.flapping = flapping;
            copy.inhibited = inhibited;
            copy.joined = joined;
            written = copy;
        }
    }

    /** One log signature (or the error burst) seen on the incident's key. */
    public static final class SignalState {
        public String signature;
        public long count;
        public Instant firstSeen;
        public Instant lastSeen;
        public String sample;
    }
}
