package dev.quell.streams.engine;

import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import dev.quell.schemas.incidents.IncidentIds;
import dev.quell.streams.rules.ClassificationRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The incident of one correlation key, step by step: gather alerts, log signals and remediation
 * feedback, inhibit, classify, and resolve — with no Kafka in sight, so every rule is testable on
 * its own. Each method changes the state it is given and returns it (or {@code null} when there is
 * nothing to keep); {@link #nextVersion} says whether a reader should see a new version. Inputs
 * only gather: the incident is inhibited and classified when its next version is due (or the
 * clock ticks), once for a burst of inputs instead of once per input — the work grows with the
 * incident's alerts, so per input it made a burst of n alerts cost n².
 */
public final class IncidentEngine {

    private final ClassificationRules rules;
    private final EngineSettings settings;
    private final Inhibitor inhibitor;
    private final Classifier classifier;

    public IncidentEngine(ClassificationRules rules, EngineSettings settings) {
        this.rules = rules;
        this.settings = settings;
        this.inhibitor = new Inhibitor(rules);
        this.classifier = new Classifier(rules);
    }

    /**
     * An alert (already deduplicated) at record time {@code at}. Of the incident's alerts it changes
     * only this one (the processor writes no other after an input).
     */
    public IncidentState onAlert(IncidentState state, String key, AlertEvent alert, Instant at) {
        if (state == null || !state.isOpen()) {
            if (alert.status() != AlertStatus.FIRING) {
                return state; // a resolved alert with no open incident changes nothing
            }
            state = open(key, at);
        }
        IncidentState.AlertState known = state.alerts.get(alert.fingerprint());
        if (known == null) {
            known = new IncidentState.AlertState();
            known.fingerprint = alert.fingerprint();
            known.status = alert.status();
            known.heldStatus = alert.status();
            known.joined = state.alerts.size();
            state.alerts.put(alert.fingerprint(), known);
        } else if (known.status != alert.status()) {
            known.status = alert.status();
            recordTransition(known, at);
        }
        known.alertname = alert.alertname();
        known.labels = alert.labels(); // immutable: a snapshot shares it instead of copying it
        known.verdicts = null;
        known.startsAt = alert.startsAt();
        state.quietSince = known.status == AlertStatus.FIRING || state.anyFiring() ? null : at;
        return touched(state, at);
    }

    /**
     * A log signal. {@code streamTime} is the processor's stream time: a signal further behind it
     * than the late grace, or from before the open incident began (less the grace), counts for nothing.
     * It changes none of the incident's alerts.
     */
    public IncidentState onSignal(IncidentState state, String key, LogSignalHit signal, Instant at, Instant streamTime) {
        Duration grace = settings.lateGrace();
        if (signal.at().isBefore(streamTime.minus(grace))) {
            return state;
        }
        if (state == null || !state.isOpen()) {
            if (!opensIncident(signal.signature())) {
                return state;
            }
            state = open(key, signal.at());
        } else if (signal.at().isBefore(state.openedAt.minus(grace))) {
            return state;
        }
        IncidentState.SignalState seen = state.signals.computeIfAbsent(signal.signature(), name -> {
            IncidentState.SignalState fresh = new IncidentState.SignalState();
            fresh.signature = name;
            fresh.firstSeen = signal.at();
            fresh.lastSeen = signal.at();
            return fresh;
        });
        seen.count += signal.count();
        seen.firstSeen = min(seen.firstSeen, signal.at());
        seen.lastSeen = max(seen.lastSeen, signal.at());
        seen.sample = signal.sample();
        if (state.alerts.isEmpty()) {
            state.quietSince = max(state.quietSince, signal.at());
        }
        return touched(state, at);
    }

    /**
     * Feedback from the remediator: a failed or escalated remediation of the open incident escalates
     * it. It changes none of the incident's alerts.
     */
    public IncidentState onRemediation(IncidentState state, RemediationEvent event, Instant at) {
        RemediationPhase phase;
        try {
            phase = event.phase();
        } catch (IllegalArgumentException notOurs) {
            return state;
        }
        if (state == null || !state.isOpen() || event.data() == null || !state.id.equals(event.data().incidentId())
                || (phase != RemediationPhase.FAILED && phase != RemediationPhase.ESCALATED)) {
            return state;
        }
        if (!state.failedRemediations.add(event.id())) {
            return state;
        }
        return touched(state, at);
    }

    /**
     * The wall clock moved on: flapping alerts that kept still become stable, an open incident past
     * its {@code respondBy} is marked, a quiet one resolves. Returns the state when it changed, else
     * {@code null}. Of the alerts it needs only the flapping ones, and all of them only while the
     * incident is unclassified (so a caller may hand it the state without its alerts otherwise).
     */
    public IncidentState tick(IncidentState state, Instant now) {
        if (state == null || !state.isOpen()) {
            return null;
        }
        if (state.unclassified) {
            reclassify(state); // respondBy follows the severity the inputs since the last version give
        }
        boolean changed = false;
        for (IncidentState.AlertState alert : state.alerts.values()) {
            if (alert.flapping && !lastTransition(alert).plus(settings.flapStableAfter()).isAfter(now)) {
                alert.flapping = false;
                alert.transitions.clear();
                alert.heldStatus = alert.status;
                changed = true;
            }
        }
        if (changed) {
            reclassify(state);
        }
        if (!state.slaBreached && state.respondBy != null && now.isAfter(state.respondBy)) {
            state.slaBreached = true;
            changed = true;
        }
        if (state.quietSince != null && !state.quietSince.plus(settings.resolveGrace()).isAfter(now)) {
            state.status = IncidentStatus.RESOLVED;
            state.resolvedAt = now;
            changed = true;
        }
        if (changed) {
            state.updatedAt = now;
        }
        return changed ? state : null;
    }

    /**
     * The snapshot to publish when something a reader cares about changed since the last one; bumps
     * the version. The incident is classified here (and by {@link #tick}), once for all the inputs
     * since the last version, not on each of them.
     */
    public Optional<Incident> nextVersion(IncidentState state) {
        if (state == null) {
            return Optional.empty();
        }
        if (state.unclassified) {
            reclassify(state);
        }
        if (state.severity == null) {
            return Optional.empty();
        }
        String material = digest(material(state));
        if (material.equals(state.emitted)) {
            return Optional.empty();
        }
        state.emitted = material;
        state.version++;
        return Optional.of(snapshot(state));
    }

    /** The current picture as an {@link Incident}, as last classified, without changing the version. */
    public Incident snapshot(IncidentState state) {
        List<Incident.Alert> alerts = state.alerts.values().stream()
                .map(alert -> new Incident.Alert(alert.fingerprint, alert.alertname, alert.status, alert.labels,
                        alert.startsAt, alert.inhibited))
                .toList();
        List<Incident.LogSignal> signals = state.signals.values().stream()
                .sorted(Comparator.comparing((IncidentState.SignalState signal) -> signal.firstSeen))
                .map(signal -> new Incident.LogSignal(signal.signature, signal.count, signal.firstSeen,
                        signal.lastSeen, signal.sample))
                .toList();
        return new Incident(state.id, state.version, state.correlationKey, state.status, state.severity,
                state.reasons, state.respondBy, state.slaBreached, state.openedAt, state.updatedAt,
                state.resolvedAt, alerts, signals, state.anyFlapping());
    }

    private IncidentState open(String key, Instant at) {
        IncidentState state = new IncidentState();
        state.id = IncidentIds.of(key, at);
        state.correlationKey = key;
        state.status = IncidentStatus.OPEN;
        state.openedAt = at;
        state.updatedAt = at;
        return state;
    }

    private IncidentState touched(IncidentState state, Instant at) {
        state.updatedAt = max(state.updatedAt, at);
        state.unclassified = true;
        return state;
    }

    /** Inhibition, severity, reasons and respondBy as the alerts and signals now are. */
    private void reclassify(IncidentState state) {
        state.unclassified = false;
        inhibitor.apply(state.alerts.values());
        Optional<Classifier.Decision> decision = classifier.decide(state);
        if (decision.isPresent()) {
            state.severity = decision.get().severity();
            state.reasons = decision.get().reasons();
            state.respondBy = state.openedAt.plus(rules.respondWithin(decision.get().severity()));
        } else if (state.severity != null && !state.alerts.isEmpty() && !state.anyFiring()) {
            state.reasons = classifier.keptAfterAlertsResolved(state, state.quietSince.plus(settings.resolveGrace()));
        }
    }

    private void recordTransition(IncidentState.AlertState alert, Instant at) {
        alert.transitions.add(at);
        alert.transitions.removeIf(when -> when.isBefore(at.minus(settings.flapWindow())));
        if (!alert.flapping && alert.transitions.size() >= settings.flapTransitions()) {
            alert.flapping = true; // heldStatus keeps what it was before the flapping began
        }
        if (!alert.flapping) {
            alert.heldStatus = alert.status;
        }
    }

    private boolean opensIncident(String signature) {
        if (ClassificationRules.ErrorBurst.SIGNATURE.equals(signature)) {
            return rules.errorBurst().opensIncident();
        }
        return rules.signature(signature).map(ClassificationRules.LogSignature::opensIncident).orElse(false);
    }

    private static String material(IncidentState state) {
        String alerts = state.alerts.values().stream()
                .map(alert -> alert.fingerprint + ":" + alert.status + ":" + alert.inhibited)
                .sorted()
                .collect(Collectors.joining(","));
        String why = state.reasons.stream().map(Incident.SeverityReason::rule).sorted().collect(Collectors.joining(","));
        String signatures = state.signals.keySet().stream().sorted().collect(Collectors.joining(","));
        return state.severity + "|" + why + "|" + state.status + "|" + alerts + "|" + signatures + "|"
                + state.anyFlapping() + "|" + state.slaBreached;
    }

    /** SHA-256 of what a reader sees, kept instead of it: the state's header stays small however many alerts there are. */
    private static String digest(String material) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static Instant lastTransition(IncidentState.AlertState alert) {
        return alert.transitions.isEmpty() ? Instant.EPOCH : alert.transitions.get(alert.transitions.size() - 1);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
