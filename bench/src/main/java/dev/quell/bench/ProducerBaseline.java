package dev.quell.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Records per second of each timed run, in the order they ran; how many records each sent, and
     * how long the warm-up before them took.
     */
    record Runs(List<Double> perSecond, long recordsPerRun, Duration warmUp) {

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

    /**
     * How the baseline is run: untimed runs of {@code warmUpRecords} until {@code warmUp} has passed
     * (at least one), then {@link #TIMED_RUNS} timed runs, each of as many records as the last warm-up
     * run's rate sends in {@code timedRun} (at least {@code warmUpRecords}).
     */
    record Plan(long warmUpRecords, Duration warmUp, Duration timedRun) {

        /** The records of each timed run, for the rate the last warm-up run reached. */
        long timedRecords(double warmRate) {
            return Math.max(warmUpRecords, (long) (warmRate * timedRun.toMillis() / 1_000));
        }
    }

    private ProducerBaseline() {
    }

    /** Ingest's producer settings for a lane of {@code lingerMs} (RecordPublisher.Lane), which every baseline uses. */
    static Map<String, Object> producerSettings(int lingerMs) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("acks", "all");
        settings.put("enable.idempotence", true);
        settings.put("linger.ms", lingerMs);
        settings.put("batch.size", 65_536);
        settings.put("compression.type", "lz4");
        return settings;
    }

    /**
     * Records per second, for records picked from {@code payloads}, sent with {@code lingerMs}, as
     * {@code plan} says. Ingest is measured warm, for seconds at a time; so is its baseline. The producer
     * keeps getting faster in one JVM for several seconds of sending (its JIT): runs of 300,000 records —
     * a fifth of a second to half a second on a fast machine — timed after a single one like them read
     * anywhere from a third to the whole of the warm rate (docs/benchmarks.md), hence the warm-up by
     * time, runs that last seconds, and the median of several.
     */
    static Runs recordsPerSecond(String bootstrapServers, String topic, List<String> payloads, Plan plan, int lingerMs,
                                 Path workDir) throws Exception {
        Path file = workDir.resolve(topic + ".payloads");
        Files.write(file, payloads, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        double warmRate;
        do {
            warmRate = run(bootstrapServers, topic, file, plan.warmUpRecords(), lingerMs);
        } while (System.nanoTime() - start < plan.warmUp().toNanos());
        Duration warmedUp = Duration.ofNanos(System.nanoTime() - start);
        long records = plan.timedRecords(warmRate);
        List<Double> timed = new ArrayList<>();
        for (int i = 0; i < TIMED_RUNS; i++) {
            timed.add(run(bootstrapServers, topic, file, records, lingerMs));
        }
        return new Runs(timed, records, warmedUp);
    }

    private static double run(String bootstrapServers, String topic, Path file, long records, int lingerMs)
            throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            List<String> arguments = new ArrayList<>(List.of("--topic", topic, "--num-records", Long.toString(records),
                    "--payload-file", file.toString(), "--throughput", "-1", "--bootstrap-server", bootstrapServers,
                    "--command-property"));
            producerSettings(lingerMs).forEach((name, value) -> arguments.add(name + "=" + value));
            ProducerPerformance.main(arguments.toArray(String[]::new));
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
