package dev.quell.remediator.engine;

import dev.quell.remediator.playbooks.Playbook;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.LedgerEntry;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The events the engine tells about its steps, all built one way: a CloudEvent with a new id (or
 * the one an approval request was recorded with), the mode the playbook runs in (the most cautious
 * of its own and the remediator's), the playbook's runs on the subject in the budget window as the
 * ledger entry shows them, and the time it is told.
 */
final class StepEvents {

    private final List<Playbook> playbooks;
    private final EventSink sink;
    private final RemediatorSettings settings;
    private final Clock clock;

    StepEvents(List<Playbook> playbooks, EventSink sink, RemediatorSettings settings, Clock clock) {
        this.playbooks = List.copyOf(playbooks);
        this.sink = sink;
        this.settings = settings;
        this.clock = clock;
    }

    /** Tells a step of {@code playbook} on {@code target} for this incident version. */
    void publish(RemediationPhase phase, Incident incident, Playbook playbook, String target, String reason,
                 String outcome, LedgerEntry entry) {
        publish(incident.id(), event(phase, UUID.randomUUID().toString(), incident.id(), incident.version(), playbook.name(),
                playbook.action(), target, reason, outcome, entry, playbook));
    }

    /**
     * Tells a step known only by what the ledger recorded: the playbook by name (it may no longer
     * be configured: then its action is {@code unknown} and the mode the remediator's).
     */
    void publish(RemediationPhase phase, String incidentId, long version, String playbook, String target, String reason,
                 String outcome, LedgerEntry entry) {
        Optional<Playbook> definition = playbooks.stream().filter(p -> p.name().equals(playbook)).findFirst();
        publish(incidentId, event(phase, UUID.randomUUID().toString(), incidentId, version, playbook,
                definition.map(Playbook::action).orElse("unknown"), target, reason, outcome, entry, definition.orElse(null)));
    }

    /** Tells an event made by {@link #event} (keyed by its incident's id). */
    void publish(String incidentId, RemediationEvent event) {
        sink.publish(incidentId, event);
    }

    /** An event with the given id, not yet told. */
    RemediationEvent event(RemediationPhase phase, String id, Incident incident, Playbook playbook, String target,
                           String reason, LedgerEntry entry) {
        return event(phase, id, incident.id(), incident.version(), playbook.name(), playbook.action(), target, reason, null,
                entry, playbook);
    }

    private RemediationEvent event(RemediationPhase phase, String id, String incidentId, long version, String playbook,
                                   String action, String target, String reason, String outcome, LedgerEntry entry,
                                   Playbook definition) {
        RemediationEvent.Budget budget = entry == null || definition == null ? null : new RemediationEvent.Budget(
                (int) entry.recentActions().stream().filter(r -> r.playbook().equals(playbook)).count(),
                definition.bounds().maxPerHourPerTarget(), Bounds.WINDOW.toString());
        Playbook.Mode mode = definition == null ? settings.mode()
                : definition.mode().map(settings.mode()::mostCautious).orElse(settings.mode());
        RemediationEvent.Data data = new RemediationEvent.Data(incidentId, Math.max(1, version), playbook, action, target,
                mode.wireName(), reason, outcome, budget);
        return new RemediationEvent(RemediationEvent.SPEC_VERSION, id, settings.source(), phase.cloudEventType(),
                data.target(), clock.instant(), RemediationEvent.CONTENT_TYPE, data);
    }
}
