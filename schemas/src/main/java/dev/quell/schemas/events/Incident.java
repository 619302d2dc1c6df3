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
        boolean flapping) {

    public Incident {
        severityReasons = severityReasons == null ? List.of() : List.copyOf(severityReasons);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
        logSignals = logSignals == null ? List.of() : List.copyOf(logSignals);
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
