package dev.quell.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * The baseline: Kafka's own {@code ProducerPerformance}, sending the same records (real values from
 * Quell's topic, as a payload file) with ingest's producer settings for that topic (acks=all,
 * idempotence, 64 KiB batches, lz4; linger 0 for alerts and 5 ms for logs, as ingest's lanes) to the
 * same broker. What ingest adds — HTTP, parsing,
 * validation, waiting for every record's acknowledgement before answering — is the difference.
 */
final class ProducerBaseline {

    private static final Pattern SUMMARY = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec");
    /** Timed runs after the warm-up: their median is the baseline, their spread is reported beside it. */
    static final int TIMED_RUNS = 3;

    /** Records per second of each timed run, in the order they ran. */
    record Runs(List<Double> perSecond) {

        Runs {
            if (perSecond.isEmpty()) {
                throw new IllegalArgumentException("no timed run");
            }
            perSecond = List.copyOf(perSecond);
        }

        /** The middle run by rate (the lower middle of an even number): the baseline the ratios use. */
        double median() {
            List<Double> sorted = perSecond.stream().sorted().toList();
            return sorted.get((sorted.size() - 1) / 2);
        }

        double min() {
            return perSecond.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }

        double max() {
            return perSecond.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }
    }

    private ProducerBaseline() {
    }

    /**
     * Records per second, for {@code records} payloads picked from {@code payloads}, sent with {@code lingerMs}:
     * {@link #TIMED_RUNS} timed runs after an untimed one. The first is the producer's warm-up in this JVM —
     * ingest is measured once its JIT has settled, and a first run here timed the JIT compiling the producer
     * (the C2 compiler on two thirds of a core), which made the baseline swing by half between runs. Single
     * warm runs still swung 2–4× between full runs (docs/benchmarks.md), hence several, and their median.
     */
    static Runs recordsPerSecond(String bootstrapServers, String topic, List<String> payloads, long records,
                                 int lingerMs, Path workDir) throws Exception {
        Path file = workDir.resolve(topic + ".payloads");
        Files.write(file, payloads, StandardCharsets.UTF_8);
        run(bootstrapServers, topic, file, records, lingerMs);
        List<Double> timed = new ArrayList<>();
        for (int i = 0; i < TIMED_RUNS; i++) {
            timed.add(run(bootstrapServers, topic, file, records, lingerMs));
        }
        return new Runs(timed);
    }

    private static double run(String bootstrapServers, String topic, Path file, long records, int lingerMs)
            throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ProducerPerformance.main(new String[] {"--topic", topic, "--num-records", Long.toString(records),
                    "--payload-file", file.toString(), "--throughput", "-1", "--bootstrap-server", bootstrapServers,
                    "--command-property", "acks=all", "enable.idempotence=true", "linger.ms=" + lingerMs, "batch.size=65536",
                    "compression.type=lz4"});
        } finally {
            System.setOut(out);
        }
        Matcher summary = null;
        for (String line : captured.toString(StandardCharsets.UTF_8).lines().toList()) {
            Matcher matcher = SUMMARY.matcher(line);
            if (matcher.find()) {
                summary = matcher; // the last match is the whole run's summary
            }
        }
        if (summary == null) {
            throw new IllegalStateException("ProducerPerformance printed no summary:\n" + captured);
        }
        return Double.parseDouble(summary.group(2));
    }
}
