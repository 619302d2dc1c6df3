package dev.quell.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class RecordSizedDeadLettersTest {

    private static final Instant NOW = Instant.parse("2026-12-07T23:00:00Z");
    private final Serializer<DeadLetter> serializer = new Topics("t.", 1).deadLetters().valueSerde().serializer();
    private int limit = RecordLimit.DEAD_LETTER_BYTES;
    private final RecordSizedDeadLetters letters = new RecordSizedDeadLetters(serializer, "t.quell.deadletter.v1", () -> limit);

    @Test
    void shouldKeepALetterThatFitsAsItIs() {
        DeadLetter letter = letter(DeadLetter.MAX_PAYLOAD_BYTES + 1);

        assertThat(letters.fitted(letter)).isSameAs(letter);
    }

    @Test
    void shouldKeepLessOfThePayloadOnATopicOfSmallerRecords() {
        limit = 16 * 1024 - RecordLimit.FRAMING_BYTES;
        DeadLetter letter = letter(60_000);

        DeadLetter fitted = letters.fitted(letter);

        int bytes = serializer.serialize("t", fitted).length + "streams.alerts".length();
        assertThat(bytes).isLessThanOrEqualTo(limit).isGreaterThan(limit / 3);
        assertThat(fitted.truncated()).isTrue();
        assertThat(fitted.payloadBytes()).isEqualTo(60_000);
        assertThat(fitted.reason()).isEqualTo(letter.reason());
        assertThat(fitted.keptBytes()).hasSizeLessThan(letter.keptBytes().length).isNotEmpty();
    }

    @Test
    void shouldKeepNoPayloadWhenOnlyTheRestOfTheLetterFits() {
        DeadLetter letter = letter(60_000);
        limit = serializer.serialize("t", letter.withPayloadCut(0)).length + "streams.alerts".length();

        DeadLetter fitted = letters.fitted(letter);

        assertThat(fitted.keptBytes()).isEmpty();
        assertThat(fitted.payloadBytes()).isEqualTo(60_000);
        assertThat(fitted.reason()).isEqualTo(letter.reason());
    }

    private static DeadLetter letter(int payloadBytes) {
        byte[] payload = "x".repeat(payloadBytes).getBytes(StandardCharsets.UTF_8);
        return DeadLetter.of("streams.alerts", "not readable as AlertEvent: Unrecognized token 'xxxx'", payload, NOW);
    }
}
