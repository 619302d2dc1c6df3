package dev.quell.service.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {

    @Test
    void shouldAskAgainUntilTheConditionHolds() throws Exception {
        AtomicInteger asked = new AtomicInteger();

        assertThat(Poll.until(() -> asked.incrementAndGet() == 3, Duration.ofMillis(1), Duration.ofSeconds(10))).isTrue();
        assertThat(asked).hasValue(3);
    }

    @Test
    void shouldAnswerFalseWhenTheConditionNeverHoldsInTime() throws Exception {
        assertThat(Poll.until(() -> false, Duration.ofMillis(5), Duration.ofMillis(50))).isFalse();
    }

    @Test
    void shouldEndTheWaitWithTheConditionsOwnException() {
        assertThatThrownBy(() -> Poll.until(() -> {
            throw new IllegalStateException("the topology failed");
        }, Duration.ofMillis(5), Duration.ofSeconds(10))).isInstanceOf(IllegalStateException.class)
                .hasMessage("the topology failed");
    }
}
