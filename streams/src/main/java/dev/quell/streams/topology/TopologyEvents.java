package dev.quell.streams.topology;

import dev.quell.schemas.events.Incident;

/**
 * What the topology tells its observer as records leave it: a dead letter written, an incident
 * version emitted. The service counts them as metrics; tests and tools that need no metrics pass
 * {@link #NONE}. Under exactly-once a record of an aborted transaction may be told twice: these are
 * counts for dashboards, not the record of what happened (the topics are).
 */
public interface TopologyEvents {

    TopologyEvents NONE = new TopologyEvents() {
    };

    /** A record of {@code source} ({@code streams.alerts}, …) went to the dead-letter topic. */
    default void deadLetter(String source) {
    }

    /** A new version of an incident is on its way to the incidents topic. */
    default void incidentVersion(Incident incident) {
    }

    /**
     * A version was too large for one Kafka record ({@link RecordSizedVersions}): {@code published}
     * listing fewer alerts, or not published, too large even without them.
     */
    default void oversizeVersion(Incident version, boolean published) {
    }
}
