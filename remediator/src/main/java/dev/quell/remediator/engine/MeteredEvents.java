package dev.quell.remediator.engine;

import dev.quell.schemas.events.RemediationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts every remediation step on its way out: {@code quell_remediation_events_total{phase,playbook,action}}. */
public final class MeteredEvents implements EventSink {

    private final EventSink next;
    private final MeterRegistry meters;

    public MeteredEvents(EventSink next, MeterRegistry meters) {
        this.next = next;
        this.meters = meters;
    }

    @Override
    public void publish(String incidentId, RemediationEvent event) {
        next.publish(incidentId, event);
        Counter.builder("quell.remediation.events")
                .description("Remediation steps published, by phase, playbook and action")
                .tag("phase", event.phase().wireName())
                .tag("playbook", event.data().playbook())
                .tag("action", event.data().action())
                .register(meters)
                .increment();
    }
}
