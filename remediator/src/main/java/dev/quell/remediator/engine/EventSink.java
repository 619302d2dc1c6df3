package dev.quell.remediator.engine;

import dev.quell.schemas.events.RemediationEvent;

/** Where remediation events go ({@code quell.remediations.v1}, keyed by incident id). */
public interface EventSink {

    void publish(String incidentId, RemediationEvent event);
}
