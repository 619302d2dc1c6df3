package dev.quell.streams.topology;

import java.util.function.IntSupplier;

/**
 * The most bytes one record the topology writes may have on its topic, as it cuts what it writes
 * to fit: a default within Kafka's default {@code max.request.size} (1 MiB), or less on a topic
 * configured for smaller records ({@code max.message.bytes}). The service
 * {@linkplain #applyTopicLimit applies} the topic's limit at start-up and again when the broker
 * refused a record.
 */
public final class RecordLimit implements IntSupplier {

    /**
     * Incident versions' default: 1 MiB less 16 KiB — a bound of the framing counted with the
     * record (1 KiB, as ingest's), and room for the remediator's plan, which carries a version
     * whole with its target and playbook names.
     */
    public static final int INCIDENT_VERSION_BYTES = 1_048_576 - 16_384;
    /** What a topic's {@code max.message.bytes} must leave for the record's framing. */
    public static final int FRAMING_BYTES = 1_024;
    /** Dead letters' default: 1 MiB less the framing. */
    public static final int DEAD_LETTER_BYTES = 1_048_576 - FRAMING_BYTES;

    private final int defaultBytes;
    private volatile int bytes;

    private RecordLimit(int defaultBytes) {
        this.defaultBytes = defaultBytes;
        this.bytes = defaultBytes;
    }

    /** For incident versions ({@link RecordSizedVersions}). */
    public static RecordLimit forIncidentVersions() {
        return new RecordLimit(INCIDENT_VERSION_BYTES);
    }

    /** For dead letters ({@link RecordSizedDeadLetters}). */
    public static RecordLimit forDeadLetters() {
        return new RecordLimit(DEAD_LETTER_BYTES);
    }

    /** The limit now. */
    @Override
    public int getAsInt() {
        return bytes;
    }

    /** The limit on a topic of Kafka's default {@code max.message.bytes} (1 MiB + 12), or larger. */
    public int defaultBytes() {
        return defaultBytes;
    }

    /**
     * Takes the topic's {@code max.message.bytes}: the limit becomes that less the framing when it
     * is below the default, the default otherwise.
     *
     * @return the limit now
     */
    public int applyTopicLimit(int maxMessageBytes) {
        bytes = Math.max(0, Math.min(defaultBytes, maxMessageBytes - FRAMING_BYTES));
        return bytes;
    }
}
