package dev.quell.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordLimitTest {

    private final RecordLimit limit = RecordLimit.forIncidentVersions();

    @Test
    void shouldStartAtTheDefaultAndKeepItForATopicOfKafkasDefaultOrLarger() {
        assertThat(limit.getAsInt()).isEqualTo(RecordLimit.INCIDENT_VERSION_BYTES);
        assertThat(limit.applyTopicLimit(1_048_588)).isEqualTo(RecordLimit.INCIDENT_VERSION_BYTES);
        assertThat(limit.applyTopicLimit(10_485_760)).isEqualTo(RecordLimit.INCIDENT_VERSION_BYTES);
    }

    @Test
    void shouldTakeASmallerTopicLimitLessTheFramingAndGoBackUpWhenItIsRaised() {
        assertThat(limit.applyTopicLimit(65_536)).isEqualTo(65_536 - RecordLimit.FRAMING_BYTES);
        assertThat(limit.getAsInt()).isEqualTo(65_536 - RecordLimit.FRAMING_BYTES);

        assertThat(limit.applyTopicLimit(2_000_000)).isEqualTo(RecordLimit.INCIDENT_VERSION_BYTES);
    }

    @Test
    void shouldNotGoBelowNothing() {
        assertThat(limit.applyTopicLimit(100)).isZero();
    }

    @Test
    void shouldGiveDeadLettersAllOfKafkasDefaultButTheFraming() {
        RecordLimit letters = RecordLimit.forDeadLetters();

        assertThat(letters.getAsInt()).isEqualTo(1_048_576 - RecordLimit.FRAMING_BYTES).isEqualTo(letters.defaultBytes());
        assertThat(letters.applyTopicLimit(1_048_588)).isEqualTo(RecordLimit.DEAD_LETTER_BYTES);
        assertThat(letters.applyTopicLimit(16_384)).isEqualTo(16_384 - RecordLimit.FRAMING_BYTES);
    }
}
