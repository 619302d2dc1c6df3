package dev.quell.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchSectionsTest {

    @Test
    void shouldLeaveAFailedSectionOutWholeAndRunTheNext() throws Exception {
        Bench bench = new Bench(Path.of("."), true, Set.of());
        StringBuilder ran = new StringBuilder();

        bench.timed("first", true, () -> {
            ran.append("first ");
            bench.report.append("### First\n| 1 |\n");
        });
        bench.timed("broken", true, () -> {
            ran.append("broken ");
            bench.report.append("### Broken\n| half a row");
            throw new IllegalStateException("the broker refused the batch");
        });
        bench.timed("last", true, () -> {
            ran.append("last");
            bench.report.append("### Last\n| 3 |\n");
        });
        bench.timed("not asked", false, () -> ran.append(" not asked"));

        assertThat(ran).hasToString("first broken last");
        assertThat(bench.failed).containsExactly("broken");
        assertThat(bench.report).hasToString("### First\n| 1 |\n### Last\n| 3 |\n");
    }
}
