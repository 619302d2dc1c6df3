package dev.quell.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QuietCommitsTest {

    private final QuietCommits quiet = new QuietCommits();

    @Test
    void shouldCallAPublicationQuietOnlyAfterTwoCommitIntervalsWithoutOne() {
        assertThat(quiet.publishedAfterQuiet(1_000, 50)).as("the first").isTrue();
        assertThat(quiet.publishedAfterQuiet(1_025, 50)).isFalse();
        assertThat(quiet.publishedAfterQuiet(1_124, 50)).as("99 ms after the one before").isFalse();
        assertThat(quiet.publishedAfterQuiet(1_224, 50)).as("100 ms after").isTrue();
    }

    @Test
    void shouldKeepEachStreamThreadsSpellApart() throws Exception {
        assertThat(quiet.publishedAfterQuiet(1_000, 50)).isTrue();
        boolean otherThread = CompletableFuture.supplyAsync(() -> quiet.publishedAfterQuiet(1_010, 50))
                .get(10, TimeUnit.SECONDS);
        assertThat(otherThread).as("another thread commits its own transaction").isTrue();
        assertThat(quiet.publishedAfterQuiet(1_020, 50)).isFalse();
    }
}
