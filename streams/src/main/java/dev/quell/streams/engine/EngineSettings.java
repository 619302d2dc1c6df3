package dev.quell.streams.engine;

import java.time.Duration;

/**
 * The timing of the incident engine (configuration keys under {@code quell.streams.*}).
 *
 * @param flapTransitions  firing↔resolved changes within {@code flapWindow} that make an alert flapping
 * @param flapStableAfter  a flapping alert is stable again after this long without a change
 * @param lateGrace        how late (behind stream time, or before an incident opened) a log line may arrive and still count
 * @param resolveGrace     an incident resolves once no alert has fired (no signal seen, for log-only incidents) this long
 * @param dedupWindow      how long a seen (fingerprint, status, startsAt) suppresses its repeats; refreshed by each repeat
 * @param tickEvery        how often open incidents are checked for SLA breach, stability and resolution (wall clock)
 * @param resolvedRetention how long a resolved incident stays queryable
 * @param emitEvery        how often the changes of each incident are published as one new version (wall clock):
 *                         a burst of alerts on one incident within it becomes one version, not one per alert
 */
public record EngineSettings(
        int flapTransitions,
        Duration flapWindow,
        Duration flapStableAfter,
        Duration lateGrace,
        Duration resolveGrace,
        Duration dedupWindow,
        Duration tickEvery,
        Duration resolvedRetention,
        Duration emitEvery) {

    public static EngineSettings defaults() {
        return new EngineSettings(4, Duration.ofMinutes(30), Duration.ofMinutes(15), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofSeconds(10), Duration.ofDays(7), Duration.ofMillis(25));
    }
}
