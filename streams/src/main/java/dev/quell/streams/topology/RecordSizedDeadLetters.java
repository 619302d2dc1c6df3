package dev.quell.streams.topology;

import dev.quell.schemas.events.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each dead letter within one record of the dead-letter topic. A letter holds up to 64 KiB
 * of its input, some 420 KB of JSON at worst, which a topic of Kafka's default limit takes; on one
 * configured for smaller records ({@code max.message.bytes}) the broker refused it, and the stream
 * thread failed on it at every retry of its input, stopping every incident of its partition. A
 * letter too large keeps less of its payload — half as much each time, down to none — and says so
 * ({@code truncated}, with the input's size in {@code payloadBytes}).
 */
final class RecordSizedDeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(RecordSizedDeadLetters.class);

    private final Serializer<DeadLetter> serializer;
    private final String topic;
    private final IntSupplier maxRecordBytes;

    /** @param maxRecordBytes the most bytes a letter's key and value may have ({@link RecordLimit}), read for each letter */
    RecordSizedDeadLetters(Serializer<DeadLetter> serializer, String topic, IntSupplier maxRecordBytes) {
        this.serializer = serializer;
        this.topic = topic;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The letter as it is, or keeping as much of its payload as fits, down to none. */
    DeadLetter fitted(DeadLetter letter) {
        int limit = maxRecordBytes.getAsInt() - letter.source().getBytes(StandardCharsets.UTF_8).length;
        DeadLetter fitted = letter.fittedTo(limit, this::sizeOf);
        if (fitted != letter) {
            LOG.warn("a dead letter from {} keeps {} of the input's {} bytes: {} takes records of {} bytes", letter.source(),
                    fitted.keptBytes().length, letter.payloadBytes(), topic, maxRecordBytes.getAsInt());
        }
        return fitted;
    }

    private int sizeOf(DeadLetter letter) {
        return serializer.serialize(topic, letter).length;
    }
}
