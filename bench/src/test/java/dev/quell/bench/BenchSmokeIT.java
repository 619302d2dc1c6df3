package dev.quell.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The benchmark suite's quick pass over the jars the reactor just packaged: it runs, every
 * request is answered, and it reports a ratio against the baseline; two streams instances share
 * the input. A smoke run, not a measurement: its numbers mean nothing (seconds-long, cold JIT)
 * and nothing checks them.
 */
class BenchSmokeIT {

    @Test
    void shouldMeasureIngestAndItsBaselineAndReportBoth() throws Exception {
        Bench bench = new Bench(Path.of("..").toAbsolutePath().normalize(), true, Set.of("ingest", "jmh"));
        String report = bench.run("--quick");

        assertThat(bench.failed).as("sections that failed (their stack traces are on stderr)").isEmpty();

        assertThat(report).contains("| webhook, 50 alerts | 8 |", "| `/logs`, 500 NDJSON lines | 8 |",
                "| `parseAndSplitWebhookOf50Alerts` |", "| `classifyOneIncident` |");
        assertThat(report.lines().filter(line -> line.startsWith("| webhook")).findFirst().orElseThrow())
                .as("no failed request").contains("| 0 |");
    }

    @Test
    void shouldTimeOneStreamsInstanceAndTwoThatShareTheInputPartitions() throws Exception {
        Bench bench = new Bench(Path.of("..").toAbsolutePath().normalize(), true, Set.of("instances"));
        String report = bench.run("--quick");

        assertThat(bench.failed).as("sections that failed (their stack traces are on stderr)").isEmpty();
        assertThat(report).as("one instance reads all 12 input partitions; each of two reads some")
                .containsPattern("\\| 1 \\| \\d+ \\| [\\d.]+ s \\| \\d+ \\| 1\\.00 \\| 12 \\|")
                .containsPattern("\\| 2 \\| \\d+ \\| [\\d.]+ s \\| \\d+ \\| [\\d.]+ \\| [1-9]\\d* \\+ [1-9]\\d* \\|");
    }
}
