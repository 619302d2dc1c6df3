package dev.quell.schemas.topics;

import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.events.EventQuickChecks;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.LedgerEntry;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPlan;
import dev.quell.schemas.validation.QuickCheck;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic registry: the only place Quell's topic names, keys, values and settings live
 * (DESIGN.md "Topics"). Services get an instance for their configured prefix and partition count
 * and never spell a topic name themselves.
 */
public final class Topics {

    public static final int DEFAULT_PARTITIONS = 6;

    private final Topic<String, AlertEvent> alerts;
    private final Topic<String, LogEvent> logs;
    private final Topic<String, Incident> incidents;
    private final Topic<String, RemediationEvent> remediations;
    private final Topic<String, LedgerEntry> ledger;
    private final Topic<String, RemediationPlan> remediationPlans;
    private final Topic<String, DeadLetter> deadLetters;

    /**
     * @param prefix     put before every name ({@code ""} for the defaults; {@code "staging."} gives {@code staging.quell.alerts.v1})
     * @param partitions partitions of every topic created by Quell
     */
    public Topics(String prefix, int partitions) {
        if (prefix == null || !prefix.matches("[a-zA-Z0-9._-]*")) {
            throw new IllegalArgumentException("topic prefix may hold only letters, digits, '.', '_' and '-': " + prefix);
        }
        alerts = topic(prefix + "quell.alerts.v1", AlertEvent.class,
                TopicSettings.delete(partitions, Duration.ofDays(7)), "alert-event.schema.json", EventQuickChecks::alertEvent);
        logs = topic(prefix + "quell.logs.v1", LogEvent.class,
                TopicSettings.delete(partitions, Duration.ofDays(3)), "log-event.schema.json", EventQuickChecks::logEvent);
        incidents = topic(prefix + "quell.incidents.v1", Incident.class,
                TopicSettings.compact(partitions), "incident.schema.json");
        remediations = topic(prefix + "quell.remediations.v1", RemediationEvent.class,
                TopicSettings.delete(partitions, Duration.ofDays(30)), "remediation-event.schema.json");
        ledger = topic(prefix + "quell.remediation-ledger.v1", LedgerEntry.class,
                TopicSettings.compact(partitions), "ledger-entry.schema.json");
        remediationPlans = topic(prefix + "quell.remediation-plans.v1", RemediationPlan.class,
                TopicSettings.delete(partitions, Duration.ofDays(1)), "remediation-plan.schema.json");
        deadLetters = topic(prefix + "quell.deadletter.v1", DeadLetter.class,
                TopicSettings.delete(partitions, Duration.ofDays(14)), "dead-letter.schema.json");
    }

    public static Topics defaults() {
        return new Topics("", DEFAULT_PARTITIONS);
    }

    /** Alerts from Alertmanager, keyed by correlation key. */
    public Topic<String, AlertEvent> alerts() {
        return alerts;
    }

    /** Shipped log lines (ECS), keyed by correlation key. */
    public Topic<String, LogEvent> logs() {
        return logs;
    }

    /** Incident snapshots, keyed by incident id; compacted. */
    public Topic<String, Incident> incidents() {
        return incidents;
    }

    /** Remediation steps (CloudEvents), keyed by incident id. */
    public Topic<String, RemediationEvent> remediations() {
        return remediations;
    }

    /** The remediator's budgets, cooldowns and done keys, keyed by target; compacted. */
    public Topic<String, LedgerEntry> ledger() {
        return ledger;
    }

    /** Matched playbooks routed to the remediator replica that owns their target, keyed by target. */
    public Topic<String, RemediationPlan> remediationPlans() {
        return remediationPlans;
    }

    /** Input that could not be taken, keyed by source. */
    public Topic<String, DeadLetter> deadLetters() {
        return deadLetters;
    }

    public List<Topic<String, ?>> all() {
        return List.of(alerts, logs, incidents, remediations, ledger, remediationPlans, deadLetters);
    }

    private static <V> Topic<String, V> topic(String name, Class<V> type, TopicSettings settings, String schema) {
        return topic(name, type, settings, schema, QuickCheck.NEVER_SURE);
    }

    private static <V> Topic<String, V> topic(String name, Class<V> type, TopicSettings settings, String schema,
                                              QuickCheck quickCheck) {
        Serde<String> keys = Serdes.String();
        return new Topic<>(name, keys, new JsonSerde<>(type), type, settings, schema, quickCheck);
    }
}
