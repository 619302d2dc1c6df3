package dev.quell.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class SerializedOnceTest {

    private final AtomicInteger serialized = new AtomicInteger();
    private final Serde<StringBuilder> counting = Serdes.serdeFrom((topic, value) -> {
        serialized.incrementAndGet();
        return value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8);
    }, (topic, bytes) -> new StringBuilder(new String(bytes, StandardCharsets.UTF_8)));

    @Test
    void theSameObjectHandedToTheStoreAndThenTheSinkIsSerializedOnce() {
        SerializedOnce<StringBuilder> serde = new SerializedOnce<>(counting);
        Serializer<StringBuilder> store = serde.serializer();
        Serializer<StringBuilder> sink = serde.serializer();
        StringBuilder version = new StringBuilder("incident v1");

        byte[] stored = store.serialize("incidents-by-id", version);
        byte[] sent = sink.serialize("quell.incidents.v1", version);

        assertThat(serialized).hasValue(1);
        assertThat(sent).isEqualTo("incident v1".getBytes(StandardCharsets.UTF_8)).isSameAs(stored);
    }

    @Test
    void anotherObjectIsSerializedEvenWhenEqual() {
        Serializer<StringBuilder> serializer = new SerializedOnce<>(counting).serializer();
        serializer.serialize("t", new StringBuilder("a"));
        serializer.serialize("t", new StringBuilder("b"));
        byte[] again = serializer.serialize("t", new StringBuilder("b"));

        assertThat(serialized).hasValue(3);
        assertThat(new String(again, StandardCharsets.UTF_8)).isEqualTo("b");
        assertThat(serializer.serialize("t", null)).isNull();
    }

    @Test
    void eachThreadRemembersItsOwnLastObject() throws Exception {
        Serializer<StringBuilder> serializer = new SerializedOnce<>(counting).serializer();
        StringBuilder mine = new StringBuilder("mine");
        serializer.serialize("t", mine);
        Thread other = new Thread(() -> serializer.serialize("t", new StringBuilder("theirs")));
        other.start();
        other.join(10_000);

        assertThat(new String(serializer.serialize("t", mine), StandardCharsets.UTF_8)).isEqualTo("mine");
        assertThat(serialized).hasValue(2);
    }
}
