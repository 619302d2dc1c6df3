package dev.quell.streams.engine;

import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.RemediationEvent;

/** One input of the incident processor: exactly one of an alert, a log signal, or remediation feedback. */
public record IncidentInput(AlertEvent alert, LogSignalHit signal, RemediationEvent remediation) {

    public static IncidentInput of(AlertEvent alert) {
        return new IncidentInput(alert, null, null);
    }

    public static IncidentInput of(LogSignalHit signal) {
        return new IncidentInput(null, signal, null);
    }

    public static IncidentInput of(RemediationEvent remediation) {
        return new IncidentInput(null, null, remediation);
    }
}
