package dev.quell.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class VersionPacingTest {

    private final VersionPacing pacing = new VersionPacing(Duration.ofMillis(25));

    @Test
    void shouldNeverHoldASmallIncident() {
        pacing.published("prod/api", VersionPacing.PACED_ABOVE_BYTES, 1_000);

        assertThat(pacing.holds("prod/api", 1_000)).isFalse();
    }

    @Test
    void shouldHoldALargeIncidentForEmitEveryPerShareOfItsSize() {
        pacing.published("prod/fleet", 16 * VersionPacing.PACED_ABOVE_BYTES, 1_000); // 1 MiB: 16 × 25 ms

        assertThat(pacing.holds("prod/fleet", 1_000)).isTrue();
        assertThat(pacing.holds("prod/fleet", 1_399)).isTrue();
        assertThat(pacing.holds("prod/other", 1_001)).as("only that incident").isFalse();
        assertThat(pacing.holds("prod/fleet", 1_400)).isFalse();
        assertThat(pacing.holds("prod/fleet", 1_401)).as("released for good").isFalse();
    }

    @Test
    void shouldReleaseAnIncidentWhoseVersionBecameSmall() {
        pacing.published("prod/fleet", 4 * VersionPacing.PACED_ABOVE_BYTES, 1_000);
        pacing.published("prod/fleet", 1_000, 1_050);

        assertThat(pacing.holds("prod/fleet", 1_051)).isFalse();
    }
}
