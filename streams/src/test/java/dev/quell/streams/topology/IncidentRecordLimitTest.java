package dev.quell.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IncidentRecordLimitTest {

    private final IncidentRecordLimit limit = new IncidentRecordLimit();

    @Test
    void shouldStartAtTheDefaultAndKeepItForATopicOfKafkasDefaultOrLarger() {
        assertThat(limit.getAsInt()).isEqualTo(IncidentRecordLimit.DEFAULT_BYTES);
        assertThat(limit.applyTopicLimit(1_048_588)).isEqualTo(IncidentRecordLimit.DEFAULT_BYTES);
        assertThat(limit.applyTopicLimit(10_485_760)).isEqualTo(IncidentRecordLimit.DEFAULT_BYTES);
    }

    @Test
    void shouldTakeASmallerTopicLimitLessTheFramingAndGoBackUpWhenItIsRaised() {
        assertThat(limit.applyTopicLimit(65_536)).isEqualTo(65_536 - IncidentRecordLimit.FRAMING_BYTES);
        assertThat(limit.getAsInt()).isEqualTo(65_536 - IncidentRecordLimit.FRAMING_BYTES);

        assertThat(limit.applyTopicLimit(2_000_000)).isEqualTo(IncidentRecordLimit.DEFAULT_BYTES);
    }

    @Test
    void shouldNotGoBelowNothing() {
        assertThat(limit.applyTopicLimit(100)).isZero();
    }
}
