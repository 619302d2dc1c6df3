package dev.quell.bench;

import dev.quell.schemas.alertmanager.AlertFingerprint;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.Topics;
import dev.quell.service.time.Poll;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The whole pipeline in {@code ./quell up} (dry-run, a PostgreSQL target configured so the pool
 * playbook plans): webhooks with one DatabasePoolExhausted alert each for a new service, sent on a
 * fixed schedule; the time from sending one to its alert on {@code quell.alerts.v1}, the incident's
 * first version on {@code quell.incidents.v1} and the remediation {@code planned} on
 * {@code quell.remediations.v1}, as a consumer sees them. Three phases on one {@code quell up}: a
 * warm-up; the pipeline's maximum rate (more webhooks than it takes, counted by when the last is
 * planned); the measured run at half that rate.
 */
final class EndToEndLatency {

    /**
     * The measured webhooks' latencies to each hop: the alert on {@code quell.alerts.v1} (ingest), the
     * incident's first version (streams), {@code planned} (remediator); and the slowest to {@code planned}.
     */
    record Result(double maxRate, double rate, JitSettling.Settled settled, long webhooks, long warmUp, Histogram toAlert,
                  Histogram toIncident, Histogram toPlanned, List<Slow> slowest) {
    }

    /** One webhook: sent this long after the measured run began, and its latency to each hop. */
    record Slow(long sentAfterMillis, long alertMillis, long incidentMillis, long plannedMillis) {
    }

    /** The schedule of the saturating phase: well above what the pipeline takes on these machines. */
    static final double SATURATING_RATE = 400;

    private EndToEndLatency() {
    }

    static Result measure(Path repository, double warmUpRate, Duration warmUp, long saturating, Duration settleAtMost,
                          Duration duration) throws Exception {
        Path dataDir = Files.createTempDirectory("quell-bench-e2e");
        Path config = Files.writeString(dataDir.resolve("quell.yml"), """
                quell:
                  targets:
                    postgres:
                      main:
                        url: jdbc:postgresql://127.0.0.1:5432/test
                        username: quell_remediator
                """ + streamsSettings());
        int httpPort = StartupTime.freePort();
        int kafkaPort = StartupTime.freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(repository.resolve("quell").toString(), "up",
                "--data-dir", dataDir.toString(), "--kafka-port", Integer.toString(kafkaPort),
                "--port", Integer.toString(httpPort), "--config", config.toString()))
                .directory(repository.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(repository.resolve("bench/target/quell-up-e2e.log").toFile()));
        builder.environment().put("QUELL_SKIP_BUILD", "1");
        Process quell = builder.start();
        AtomicBoolean stopWatching = new AtomicBoolean();
        Thread watcher = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(quell.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("Quell is ready.")) {
                // the banner
            }
            String bootstrap = "127.0.0.1:" + kafkaPort;
            Ready.await("http://127.0.0.1:" + httpPort, quell, Duration.ofMinutes(2), "bench/target/quell-up-e2e.log");
            Timeline timeline = new Timeline();
            CountDownLatch watching = new CountDownLatch(1);
            watcher = new Thread(() -> watch(bootstrap, Topics.defaults(), timeline, watching, stopWatching));
            watcher.setDaemon(true);
            watcher.start();
            if (!watching.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the watcher did not reach the end of the topics within 30 s");
            }

            HttpClient http = HttpClient.newHttpClient();
            long warmUpTotal = (long) (warmUpRate * warmUp.toSeconds());
            send(http, httpPort, timeline, "warm-", warmUpRate, warmUpTotal);
            Poll.until(() -> timeline.planned("warm-") >= warmUpTotal, Duration.ofMillis(200), Duration.ofSeconds(60));

            double maxRate = warmUpRate * 2;
            if (saturating > 0) { // far more than the pipeline takes: the rate at which `planned` comes out is its maximum
                long first = System.nanoTime();
                send(http, httpPort, timeline, "max-", SATURATING_RATE, saturating);
                Poll.until(() -> timeline.planned("max-") >= saturating, Duration.ofMillis(200), Duration.ofSeconds(180));
                maxRate = saturating / ((timeline.lastPlanned("max-") - first) / 1e9);
            }
            double rate = measuredRate(maxRate);
            // uncounted webhooks at the measured rate until the JIT has settled: what follows measures the pipeline
            JitSettling.Settled settled = JitSettling.settle("e2e", "http://127.0.0.1:" + httpPort, settleAtMost,
                    step -> send(http, httpPort, timeline, "settle-" + step + "-", rate,
                            (long) Math.ceil(rate * JitSettling.STEP.toSeconds())));
            long total = (long) (rate * duration.toSeconds());
            long start = System.nanoTime();
            long startEpochMillis = System.currentTimeMillis();
            send(http, httpPort, timeline, "e2e-", rate, total);
            Poll.until(() -> timeline.planned("e2e-") >= total, Duration.ofMillis(200), Duration.ofSeconds(60));
            if (Boolean.getBoolean("quell.bench.e2e-debug-metrics")) {
                printStreamThreadMetrics(httpPort);
            }
            String samples = System.getProperty("quell.bench.e2e-samples", "");
            if (!samples.isBlank()) {
                timeline.writeSamples(Path.of(samples), "e2e-", start, startEpochMillis);
            }
            return timeline.result(maxRate, rate, settled, total, warmUpTotal, "e2e-", start);
        } finally {
            // before Quell and its broker go: left polling, the watcher warned through the sections after this one
            stopWatching.set(true);
            if (watcher != null) {
                watcher.join(TimeUnit.SECONDS.toMillis(10));
            }
            quell.destroy();
            quell.waitFor(60, TimeUnit.SECONDS);
            quell.destroyForcibly();
            quell.waitFor(60, TimeUnit.SECONDS);
            Bench.deleteRecursively(dataDir);
        }
    }

    /**
     * Half the maximum, or {@code -Dquell.bench.e2e-rate=<webhooks/s>}: sparse alerts, as most of a day
     * brings them, wait on the stream thread's timers rather than on its work.
     */
    private static double measuredRate(double maxRate) {
        String rate = System.getProperty("quell.bench.e2e-rate", "");
        return rate.isBlank() ? maxRate / 2 : Double.parseDouble(rate);
    }

    /**
     * {@code -Dquell.bench.e2e-debug-metrics=true}: Kafka Streams' thread metrics (commit, poll,
     * process, punctuate: latency, rate, share of the thread's time) after the run, from {@code /prometheus}.
     */
    private static void printStreamThreadMetrics(int httpPort) throws Exception {
        Prometheus.scrape("http://127.0.0.1:" + httpPort).lines()
                .filter(line -> line.matches("kafka_stream_thread_(commit|poll|process|punctuate)_(latency_avg|latency_max|rate|ratio).*"))
                .forEach(System.err::println);
    }

    /**
     * {@code -Dquell.bench.e2e-streams=commit-interval=50ms,emit-every=20ms}: streams settings for the
     * run (under {@code quell.streams}), to compare latency against their defaults.
     */
    private static String streamsSettings() {
        String settings = System.getProperty("quell.bench.e2e-streams", "");
        if (settings.isBlank()) {
            return "";
        }
        StringBuilder yaml = new StringBuilder("  streams:\n");
        for (String setting : settings.split(",")) {
            String[] keyValue = setting.split("=", 2);
            yaml.append("    ").append(keyValue[0].trim()).append(": ").append(keyValue[1].trim()).append('\n');
        }
        return yaml.toString();
    }

    /** {@code total} webhooks on a fixed schedule, each one alert for a new service named {@code prefix + i}. */
    private static void send(HttpClient http, int httpPort, Timeline timeline, String prefix, double ratePerSecond,
                             long total) throws Exception {
        Load.onSchedule(ratePerSecond, total, i -> {
            String service = prefix + i;
            timeline.sent("bench/" + service);
            http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/webhooks/alertmanager"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(webhook(service)))
                    .build(), HttpResponse.BodyHandlers.discarding());
        });
    }

    /** When each correlation key's webhook was sent, and when the watcher saw each hop of it. */
    private static final class Timeline {
        // every method is synchronized: the sender, the watcher and the waiting thread share these
        private final Map<String, long[]> byKey = new java.util.HashMap<>(); // sent, alert, incident, planned (nanos)
        private final Map<String, String> keyOfIncident = new java.util.HashMap<>();
        /** `planned` read before its incident's version (two topics, no order between them): when it was seen. */
        private final Map<String, Long> plannedBeforeIncident = new java.util.HashMap<>();

        synchronized void sent(String key) {
            byKey.put(key, new long[] {System.nanoTime(), 0, 0, 0});
        }

        synchronized void seen(String key, int hop, long now) {
            long[] times = key == null ? null : byKey.get(key);
            if (times != null && times[hop] == 0) {
                times[hop] = now;
            }
        }

        synchronized void incident(String id, String key, long now) {
            if (keyOfIncident.putIfAbsent(id, key) == null) {
                seen(key, 2, now);
                Long planned = plannedBeforeIncident.remove(id);
                if (planned != null) {
                    seen(key, 3, planned);
                }
            }
        }

        synchronized void planned(String incidentId, long now) {
            String key = keyOfIncident.get(incidentId);
            if (key == null) {
                plannedBeforeIncident.putIfAbsent(incidentId, now);
            } else {
                seen(key, 3, now);
            }
        }

        synchronized long planned(String prefix) {
            return byKey.entrySet().stream().filter(entry -> entry.getKey().startsWith("bench/" + prefix)
                    && entry.getValue()[3] != 0).count();
        }

        synchronized long lastPlanned(String prefix) {
            return byKey.entrySet().stream().filter(entry -> entry.getKey().startsWith("bench/" + prefix))
                    .mapToLong(entry -> entry.getValue()[3]).max().orElse(0);
        }

        synchronized Result result(double maxRate, double rate, JitSettling.Settled settled, long total, long warmUp, String prefix,
                                   long start) {
            Histogram[] hops = {null, new Histogram(3), new Histogram(3), new Histogram(3)};
            List<long[]> measured = byKey.entrySet().stream().filter(entry -> entry.getKey().startsWith("bench/" + prefix))
                    .map(Map.Entry::getValue).toList();
            for (long[] times : measured) {
                for (int hop = 1; hop <= 3; hop++) {
                    if (times[hop] != 0) {
                        hops[hop].recordValue(Math.max(1, (times[hop] - times[0]) / 1_000));
                    }
                }
            }
            List<Slow> slowest = measured.stream().filter(times -> times[3] != 0)
                    .sorted(java.util.Comparator.comparingLong((long[] times) -> times[3] - times[0]).reversed())
                    .limit(5)
                    .map(times -> new Slow((times[0] - start) / 1_000_000, millis(times, 1), millis(times, 2), millis(times, 3)))
                    .toList();
            return new Result(maxRate, rate, settled, total, warmUp, hops[1], hops[2], hops[3], slowest);
        }

        /**
         * {@code -Dquell.bench.e2e-samples=<file>}: every measured webhook as a CSV line — when it was sent
         * (epoch milliseconds, to line up with GC logs and the services' logs) and its latency to each hop.
         */
        synchronized void writeSamples(Path file, String prefix, long start, long startEpochMillis) throws java.io.IOException {
            List<String> lines = new java.util.ArrayList<>(List.of("sent_epoch_ms,alert_ms,incident_ms,planned_ms"));
            byKey.entrySet().stream().filter(entry -> entry.getKey().startsWith("bench/" + prefix))
                    .map(Map.Entry::getValue)
                    .sorted(java.util.Comparator.comparingLong((long[] times) -> times[0]))
                    .forEach(times -> lines.add((startEpochMillis + (times[0] - start) / 1_000_000) + "," + millis(times, 1)
                            + "," + millis(times, 2) + "," + millis(times, 3)));
            Files.write(file, lines);
        }

        private static long millis(long[] times, int hop) {
            return times[hop] == 0 ? -1 : (times[hop] - times[0]) / 1_000_000;
        }
    }

    private static void watch(String bootstrap, Topics topics, Timeline timeline, CountDownLatch watching,
                              AtomicBoolean stop) {
        Topic<String, AlertEvent> alerts = topics.alerts();
        Topic<String, Incident> incidents = topics.incidents();
        Topic<String, RemediationEvent> remediations = topics.remediations();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new java.util.ArrayList<>();
            for (String topic : List.of(alerts.name(), incidents.name(), remediations.name())) {
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // the seek happens now, before the first webhook is sent
            watching.countDown();
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    if (record.topic().equals(alerts.name())) {
                        timeline.seen(alerts.valueSerde().deserializer().deserialize(record.topic(), record.value())
                                .correlationKey(), 1, now);
                    } else if (record.topic().equals(incidents.name())) {
                        Incident incident = incidents.valueSerde().deserializer().deserialize(record.topic(), record.value());
                        timeline.incident(incident.id(), incident.correlationKey(), now);
                    } else {
                        RemediationEvent event = remediations.valueSerde().deserializer().deserialize(record.topic(),
                                record.value());
                        if (event.phase() == RemediationPhase.PLANNED) {
                            timeline.planned(event.data().incidentId(), now);
                        }
                    }
                }
            }
        }
    }

    private static String webhook(String service) {
        String fingerprint = AlertFingerprint.of(Map.of("alertname", "DatabasePoolExhausted", "severity", "critical",
                "namespace", "bench", "service", service));
        return "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"quell\",\"groupKey\":\"{}:{}\",\"alerts\":[{"
                + "\"status\":\"firing\",\"startsAt\":\"" + Instant.now() + "\",\"endsAt\":\"0001-01-01T00:00:00Z\","
                + "\"fingerprint\":\"" + fingerprint + "\","
                + "\"labels\":{\"alertname\":\"DatabasePoolExhausted\",\"severity\":\"critical\",\"namespace\":\"bench\","
                + "\"service\":\"" + service + "\"}}]}";
    }
}
