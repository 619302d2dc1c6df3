package dev.quell.schemas.topics;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.quell.schemas.json.Json;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde for one Quell event record, in the JSON of {@link Json}. {@code null} stays {@code null} (a tombstone). */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;
    private final ObjectWriter writer;
    private final ObjectReader reader;

    public JsonSerde(Class<T> type) {
        this.type = type;
        this.writer = Json.mapper().writerFor(type);
        this.reader = Json.mapper().readerFor(type);
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return writer.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " for topic " + topic, e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return reader.readValue(data);
            } catch (IOException e) {
                throw new SerializationException("record on topic " + topic + " is not a valid "
                        + type.getSimpleName() + ": " + e.getMessage(), e);
            }
        };
    }
}
