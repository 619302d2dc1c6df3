package dev.quell.streams.topology;

import java.util.function.IntSupplier;

/**
 * The most bytes one incident version may have on the incidents topic, as {@link RecordSizedVersions}
 * cuts versions to fit: Kafka's default {@code max.request.size} less 16 KiB — a bound of the framing
 * counted with the record (1 KiB, as ingest's), and room for the remediator's plan, which carries a
 * version whole with its target and playbook names — or less, on an incidents topic configured for
 * smaller records ({@code max.message.bytes}). The service {@linkplain #applyTopicLimit applies} the
 * topic's limit at start-up and again when the broker refused a version.
 */
public final class IncidentRecordLimit implements IntSupplier {

    /** The limit on a topic of Kafka's default {@code max.message.bytes} (1 MiB + 12), or larger. */
    public static final int DEFAULT_BYTES = 1_048_576 - 16_384;
    /** What a topic's {@code max.message.bytes} must leave for the record's framing. */
    public static final int FRAMING_BYTES = 1_024;

    private volatile int bytes = DEFAULT_BYTES;

    /** The limit now. */
    @Override
    public int getAsInt() {
        return bytes;
    }

    /**
     * Takes the incidents topic's {@code max.message.bytes}: the limit becomes that less the framing
     * when it is below {@link #DEFAULT_BYTES}, the default otherwise.
     *
     * @return the limit now
     */
    public int applyTopicLimit(int maxMessageBytes) {
        bytes = Math.max(0, Math.min(DEFAULT_BYTES, maxMessageBytes - FRAMING_BYTES));
        return bytes;
    }
}
