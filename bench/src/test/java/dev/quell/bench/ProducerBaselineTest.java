package dev.quell.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerBaselineTest {

    private static ProducerBaseline.Runs runs(Double... perSecond) {
        return new ProducerBaseline.Runs(List.of(perSecond), 300_000, Duration.ofSeconds(6));
    }

    @Test
    void shouldTakeTheMiddleRunByRateAsTheBaselineWhateverOrderTheyRanIn() {
        ProducerBaseline.Runs runs = runs(462_963.0, 210_000.0, 254_000.0);

        assertThat(runs.median()).isEqualTo(254_000.0);
        assertThat(runs.min()).isEqualTo(210_000.0);
        assertThat(runs.max()).isEqualTo(462_963.0);
    }

    @Test
    void shouldTakeTheLowerMiddleOfAnEvenNumberOfRuns() {
        assertThat(runs(4.0, 1.0, 3.0, 2.0).median()).isEqualTo(2.0);
        assertThat(runs(7.0).median()).isEqualTo(7.0);
    }

    @Test
    void shouldSizeEachTimedRunToLastTheRunTimeAtTheWarmRateButNeverBelowTheWarmUpRuns() {
        ProducerBaseline.Plan plan = new ProducerBaseline.Plan(300_000, Duration.ofSeconds(6), Duration.ofSeconds(2));

        assertThat(plan.timedRecords(1_250_000.0)).isEqualTo(2_500_000);
        assertThat(plan.timedRecords(100_000.0)).isEqualTo(300_000);
        assertThat(new ProducerBaseline.Plan(20_000, Duration.ZERO, Duration.ZERO).timedRecords(900_000.0)).isEqualTo(20_000);
    }

    @Test
    void shouldRefuseRunsWithoutATimedOne() {
        assertThatThrownBy(() -> runs()).isInstanceOf(IllegalArgumentException.class);
    }
}
