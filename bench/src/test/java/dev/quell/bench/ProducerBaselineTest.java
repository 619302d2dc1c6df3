package dev.quell.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerBaselineTest {

    @Test
    void shouldTakeTheMiddleRunByRateAsTheBaselineWhateverOrderTheyRanIn() {
        ProducerBaseline.Runs runs = new ProducerBaseline.Runs(List.of(462_963.0, 210_000.0, 254_000.0));

        assertThat(runs.median()).isEqualTo(254_000.0);
        assertThat(runs.min()).isEqualTo(210_000.0);
        assertThat(runs.max()).isEqualTo(462_963.0);
    }

    @Test
    void shouldTakeTheLowerMiddleOfAnEvenNumberOfRuns() {
        assertThat(new ProducerBaseline.Runs(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.0);
        assertThat(new ProducerBaseline.Runs(List.of(7.0)).median()).isEqualTo(7.0);
    }

    @Test
    void shouldRefuseRunsWithoutATimedOne() {
        assertThatThrownBy(() -> new ProducerBaseline.Runs(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
