package dev.quell.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultsTest {

    private static final String EARLIER = """

            ## Results

            Machine: old.

            ### Start-up

            old start-up

            _Run 2026-11-22._

            ### Streams

            old streams

            _Run 2026-11-22._
            """;

    @Test
    void shouldReplaceOnlyTheSectionsARunMeasuredAndKeepTheOthersInTheirPlace() {
        String fresh = Results.stamp("""

                ## Results

                Machine: new.

                ### Streams

                new streams
                ### Memory

                new memory
                """, "_Run 2026-11-27._");

        String merged = Results.merge(EARLIER, fresh);

        assertThat(merged).contains("Machine: new.").doesNotContain("Machine: old.", "old streams");
        assertThat(merged.indexOf("old start-up")).isLessThan(merged.indexOf("new streams"));
        assertThat(merged.indexOf("new streams")).isLessThan(merged.indexOf("new memory"));
        assertThat(merged).contains("old start-up\n\n_Run 2026-11-22._", "new streams\n\n_Run 2026-11-27._",
                "new memory\n\n_Run 2026-11-27._");
    }
}
