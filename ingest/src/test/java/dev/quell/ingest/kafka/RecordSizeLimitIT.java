package dev.quell.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quell.ingest.IngestTestSupport;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.topics.Topic;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The publisher's own size limit sits where the broker's is: a record at the limit, of bytes lz4
 * cannot compress, is acknowledged by a real broker; a byte more is refused before it is sent.
 */
@MicronautTest
class RecordSizeLimitIT extends IngestTestSupport {

    private static final String KEY = "ingest.logs";

    @Inject
    RecordPublisher publisher;

    @Test
    void shouldSendARecordAtTheLimitAndRefuseOneByteMore() throws Exception {
        Topic<String, DeadLetter> topic = topics.deadLetters();
        DeadLetter atLimit = ofRecordBytes(topic, TopicRecordLimits.PRODUCER_LIMIT_BYTES);
        DeadLetter overLimit = ofRecordBytes(topic, TopicRecordLimits.PRODUCER_LIMIT_BYTES + 1);

        assertThat(publisher.publishAll(topic, List.of(Map.entry(KEY, atLimit)))).isEqualTo(1);
        assertThatThrownBy(() -> publisher.publishAll(topic, List.of(Map.entry(KEY, atLimit), Map.entry(KEY, overLimit))))
                .isInstanceOfSatisfying(OversizeRecordException.class, e -> {
                    assertThat(e.index()).isEqualTo(1);
                    assertThat(e.bytes()).isEqualTo(TopicRecordLimits.PRODUCER_LIMIT_BYTES + 1);
                });
        assertThat(readAll(topic)).as("the first call's record only: the second sent none")
                .hasSize(1).allSatisfy(record -> assertThat(record.value().reason()).isEqualTo(atLimit.reason()));
    }

    /** A dead letter whose key and JSON value are exactly {@code bytes} long, its reason random base64. */
    private static DeadLetter ofRecordBytes(Topic<String, DeadLetter> topic, int bytes) {
        byte[] noise = new byte[bytes];
        new Random(7).nextBytes(noise);
        String random = Base64.getEncoder().encodeToString(noise);
        int framing = size(topic, letter(""));
        return letter(random.substring(0, bytes - framing));
    }

    private static int size(Topic<String, DeadLetter> topic, DeadLetter letter) {
        return KEY.length() + topic.valueSerde().serializer().serialize(topic.name(), letter).length;
    }

    private static DeadLetter letter(String reason) {
        return new DeadLetter(KEY, reason, "", DeadLetter.TEXT, false, 0, null, Instant.parse("2026-12-07T06:00:00Z"));
    }
}
