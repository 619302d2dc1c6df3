package dev.quell.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmark suite's quick pass over the jars the reactor just packaged: it runs, every
 * request is answered, and it reports a ratio against the baseline; two streams instances share
 * the input. A smoke run, not a measurement: its numbers mean nothing (seconds-long, cold JIT)
 * and nothing checks them.
 */
class BenchSmokeIT {

    @Test
    void shouldMeasureIngestAndBothItsBaselinesAndReportThem() throws Exception {
        Bench bench = new Bench(Path.of("..").toAbsolutePath().normalize(), true, Set.of("ingest", "jmh"));
        String report;
        System.setProperty("quell.bench.ingest-json-baseline", "true");
        try {
            report = bench.run("--quick");
        } finally {
            System.clearProperty("quell.bench.ingest-json-baseline");
        }

        assertThat(bench.failed).as("sections that failed (their stack traces are on stderr)").isEmpty();

        assertThat(report).contains("| webhook, 50 alerts | 8 |", "| `/logs`, 500 NDJSON lines | 8 |",
                "| `parseAndSplitWebhookOf50Alerts` |", "| `classifyOneIncident` |");
        assertThat(report.lines().filter(line -> line.startsWith("| webhook")).findFirst().orElseThrow())
                .as("no failed request").contains("| 0 |");
        assertThat(report).as("the JSON baseline, asked for, measured each route")
                .containsPattern("\\| webhook, 50 alerts \\| 8 \\| \\d+ \\| [1-9]\\d* \\(\\d+–\\d+\\) \\| [\\d.]+ \\|")
                .containsPattern("\\| `/logs`, 500 NDJSON lines \\| 8 \\| \\d+ \\| [1-9]\\d* \\(")
                .containsPattern("\\| `/_bulk`, 500 documents \\| 8 \\| \\d+ \\| [1-9]\\d* \\(");
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

    @Test
    void shouldMeasureTheMemoryOfEveryServiceWhileTheIndexerPutsEveryLogLineIntoElasticsearch() throws Exception {
        Bench bench = new Bench(Path.of("..").toAbsolutePath().normalize(), true, Set.of("memory"));
        String report = bench.run("--quick");

        assertThat(bench.failed).as("sections that failed (their stack traces are on stderr)").isEmpty();
        assertThat(report).contains("| ingest | ", "| streams | ", "| remediator | ", "| indexer | ",
                "Failed requests: webhooks 0, log batches 0.");
        Matcher sent = Pattern.compile("NDJSON batches of 500 lines a second \\(([\\d,]+) lines\\)").matcher(report);
        Matcher indexed = Pattern.compile("Log lines in Elasticsearch at the end: ([\\d,]+)\\.").matcher(report);
        assertThat(sent.find()).as("the lines sent are reported").isTrue();
        assertThat(indexed.find()).as("the lines indexed are reported, the indexer caught up").isTrue();
        assertThat(indexed.group(1)).as("every line sent is in Elasticsearch").isEqualTo(sent.group(1));
    }
}
