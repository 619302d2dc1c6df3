package dev.quell.schemas.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A full snapshot of one incident on {@code quell.incidents.v1} (compacted, keyed by
 * {@code id}); every change a reader cares about is a new snapshot with {@code version} + 1.
 *
 * @param severityReasons which rule, and which alert or signal, made the severity what it is
 * @param respondBy       {@code openedAt} plus the severity's response time
 * @param slaBreached     still open after {@code respondBy}
 * @param flapping        an alert of the incident flips between firing and resolved; it is held
 * @param alertsOmitted   how many of the incident's alerts {@code alerts} does not list, so that the
 *                        version fits in one Kafka record (0 but for an incident of thousands of
 *                        alerts); the firing, uninhibited ones are the last to be left out
 */
public record Incident(
        String id,
        long version,
        String correlationKey,
        IncidentStatus status,
        Severity severity,
        List<SeverityReason> severityReasons,
        Instant respondBy,
        boolean slaBreached,
        Instant openedAt,
        Instant updatedAt,
        Instant resolvedAt,
        List<Alert> alerts,
        List<LogSignal> logSignals,
        boolean flapping,
        int alertsOmitted) {

    public Incident {
        severityReasons = severityReasons == null ? List.of() : List.copyOf(severityReasons);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
        logSignals = logSignals == null ? List.of() : List.copyOf(logSignals);
        if (alertsOmitted < 0) {
            throw new IllegalArgumentException("alertsOmitted must not be negative: " + alertsOmitted);
        }
    }

    /** An incident that lists all its alerts. */
    public Incident(String id, long version, String correlationKey, IncidentStatus status, Severity severity,
                    List<SeverityReason> severityReasons, Instant respondBy, boolean slaBreached, Instant openedAt,
                    Instant updatedAt, Instant resolvedAt, List<Alert> alerts, List<LogSignal> logSignals,
                    boolean flapping) {
        this(id, version, correlationKey, status, severity, severityReasons, respondBy, slaBreached, openedAt,
                updatedAt, resolvedAt, alerts, logSignals, flapping, 0);
    }

    /** The same version listing only {@code listed} of its alerts; the others are counted in {@code alertsOmitted}. */
    public Incident listing(List<Alert> listed) {
        return new Incident(id, version, correlationKey, status, severity, severityReasons, respondBy, slaBreached,
                openedAt, updatedAt, resolvedAt, listed, logSignals, flapping,
                alertsOmitted + alerts.size() - listed.size());
    }

    /** Why the incident has its severity: the rule that decided and what matched it. */
    public record SeverityReason(String rule, String detail) {
    }

    /** One alert gathered into the incident. {@code inhibited} alerts do not drive severity. */
    public record Alert(
            String fingerprint,
            String alertname,
            AlertStatus status,
            Map<String, String> labels,
            Instant startsAt,
            boolean inhibited) {

        public Alert {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /** A log signature or error burst seen for the incident's correlation key. */
    public record LogSignal(String signature, long count, Instant firstSeen, Instant lastSeen, String sample) {
    }
}
