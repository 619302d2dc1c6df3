package dev.quell.remediator.engine;

import dev.quell.remediator.playbooks.Playbook;
import dev.quell.schemas.events.LedgerEntry;
import dev.quell.schemas.events.LedgerEntry.ActionRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bounds every action passes before it starts, in the order they are checked: the pause
 * switch, a subject blocked after failed verifications, its cooldown, the playbook's runs on the
 * subject and over every subject in the last hour, the actions running at once, and the global
 * budget. Every count is read from the ledger, so neither a restart nor a second replica resets it.
 */
final class Bounds {

    /** The window budgets count in. */
    static final Duration WINDOW = Duration.ofHours(1);

    private final Ledger ledger;
    private final RemediatorSettings settings;
    private final Clock clock;

    Bounds(Ledger ledger, RemediatorSettings settings, Clock clock) {
        this.ledger = ledger;
        this.settings = settings;
        this.clock = clock;
    }

    /** Why {@code playbook} may not act on the subject of {@code entry} now; empty when it may. */
    Optional<String> refusal(Playbook playbook, LedgerEntry entry, Instant now) {
        if (paused()) {
            return Optional.of("paused: remediation is switched off (POST /api/v1/remediator/resume)");
        }
        if (entry.blockedForIncident() != null) {
            return Optional.of("blocked: " + entry.target() + " failed verification " + entry.failedVerifications()
                    + " times; no automatic action until incident " + entry.blockedForIncident() + " resolves");
        }
        if (entry.cooldownUntil() != null && now.isBefore(entry.cooldownUntil())) {
            return Optional.of("cooldown: no action on " + entry.target() + " before " + entry.cooldownUntil());
        }
        long onTarget = entry.recentActions().stream().filter(r -> r.playbook().equals(playbook.name())).count();
        if (onTarget >= playbook.bounds().maxPerHourPerTarget()) {
            return Optional.of("budget: " + onTarget + " of " + playbook.bounds().maxPerHourPerTarget() + " runs of "
                    + playbook.name() + " on " + entry.target() + " in the last hour");
        }
        List<ActionRecord> recent = recent(now);
        long ofPlaybook = recent.stream().filter(r -> r.playbook().equals(playbook.name())).count();
        if (ofPlaybook >= playbook.bounds().maxPerHour()) {
            return Optional.of("budget: " + ofPlaybook + " of " + playbook.bounds().maxPerHour() + " runs of "
                    + playbook.name() + " in the last hour");
        }
        long inFlight = recent.stream().filter(RemediationEngine::running).count();
        if (inFlight >= settings.maxConcurrent()) {
            return Optional.of("concurrency: " + inFlight + " of " + settings.maxConcurrent()
                    + " actions are running right now");
        }
        int overall = recent.size();
        if (overall >= settings.budgetPerHour()) {
            return Optional.of("budget: " + overall + " of " + settings.budgetPerHour()
                    + " actions in the last hour over all playbooks and targets");
        }
        return Optional.empty();
    }

    /** Whether the global pause switch is on. */
    boolean paused() {
        return ledger.get(LedgerEntry.CONTROL).map(entry -> Boolean.TRUE.equals(entry.paused())).orElse(false);
    }

    /** Actions started in the last hour over every playbook and subject (what the global budget counts). */
    int actionsInLastHour() {
        return recent(clock.instant()).size();
    }

    /** The records of {@code entry} that still count: started within the window before {@code now}. */
    static List<ActionRecord> inWindow(LedgerEntry entry, Instant now) {
        return entry.recentActions().stream().filter(record -> record.at().isAfter(now.minus(WINDOW))).toList();
    }

    private List<ActionRecord> recent(Instant now) {
        List<ActionRecord> all = new ArrayList<>();
        for (LedgerEntry entry : ledger.all()) {
            all.addAll(inWindow(entry, now));
        }
        return all;
    }
}
