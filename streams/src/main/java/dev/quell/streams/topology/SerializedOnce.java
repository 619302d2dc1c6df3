package dev.quell.streams.topology;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde that serializes an object it is handed twice in a row only once: each incident version
 * is written to the {@code incidents-by-id} store and then to the incidents topic, the same
 * object one after the other on the same stream thread, and writing its JSON was a fifth of the
 * stream thread's time. The last object (by identity) and its bytes are kept per thread; the
 * bytes are never changed by either writer, and an event record's JSON depends only on the record.
 */
final class SerializedOnce<T> implements Serde<T> {

    private final Serde<T> serde;
    private final ThreadLocal<Last> last = ThreadLocal.withInitial(Last::new);

    SerializedOnce(Serde<T> serde) {
        this.serde = serde;
    }

    @Override
    public Serializer<T> serializer() {
        Serializer<T> serializer = serde.serializer();
        return (topic, value) -> {
            Last remembered = last.get();
            if (value != null && value == remembered.value) {
                return remembered.bytes;
            }
            byte[] bytes = serializer.serialize(topic, value);
            remembered.value = value;
            remembered.bytes = bytes;
            return bytes;
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return serde.deserializer();
    }

    /** The object last serialized on this thread, and its bytes. */
    private static final class Last {
        private Object value;
        private byte[] bytes;
    }
}
