package dev.quell.streams.topology;

/** The limits of the records the topology writes: its incident versions and its dead letters. */
public record RecordLimits(RecordLimit incidentVersions, RecordLimit deadLetters) {

    /** Both at their defaults, for topics of Kafka's default {@code max.message.bytes}. */
    public static RecordLimits defaults() {
        return new RecordLimits(RecordLimit.forIncidentVersions(), RecordLimit.forDeadLetters());
    }
}
