package dev.quell.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicRecordLimitsTest {

    @Test
    void shouldKeepTheProducersLimitForATopicOfKafkasDefaultOrLarger() {
        assertThat(TopicRecordLimits.limitFor(1_048_588).bytes()).isEqualTo(TopicRecordLimits.PRODUCER_LIMIT_BYTES);
        assertThat(TopicRecordLimits.limitFor(10_485_760).setting()).isEqualTo("the producer's max.request.size");
    }

    @Test
    void shouldTakeATighterTopicLimitLessTheFramingAndNameIt() {
        TopicRecordLimits.Limit limit = TopicRecordLimits.limitFor(65_536);

        assertThat(limit.bytes()).isEqualTo(65_536 - TopicRecordLimits.FRAMING_BYTES);
        assertThat(limit.setting()).isEqualTo("the topic's max.message.bytes of 65536");
    }

    @Test
    void shouldNotGoBelowNothingForATopicSmallerThanTheFraming() {
        assertThat(TopicRecordLimits.limitFor(512).bytes()).isZero();
    }
}
