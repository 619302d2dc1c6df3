package dev.quell.bench;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The whole pipeline in {@code ./quell up} (dry-run, a PostgreSQL target configured so the pool
 * playbook plans): a webhook with one DatabasePoolExhausted alert for a new service, sent on a fixed
 * schedule; the time from sending it to the incident's first version on {@code quell.incidents.v1}
 * and to the remediation {@code planned} on {@code quell.remediations.v1}, as a consumer sees them.
 */
final class EndToEndLatency {

    record Result(double rate, long webhooks, Histogram toIncident, Histogram toPlanned) {
    }

    private EndToEndLatency() {
    }

    static Result measure(Path repository, double ratePerSecond, Duration duration) throws Exception {
        Path dataDir = Files.createTempDirectory("quell-bench-e2e");
        Path config = Files.writeString(dataDir.resolve("quell.yml"), """
                quell:
                  targets:
                    postgres:
                      main:
                        url: jdbc:postgresql://127.0.0.1:5432/test
                        username: quell_remediator
                """);
        int httpPort = StartupTime.freePort();
        int kafkaPort = StartupTime.freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(repository.resolve("quell").toString(), "up",
                "--data-dir", dataDir.toString(), "--kafka-port", Integer.toString(kafkaPort),
                "--port", Integer.toString(httpPort), "--config", config.toString()))
                .directory(repository.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(repository.resolve("bench/target/quell-up-e2e.log").toFile()));
        builder.environment().put("QUELL_SKIP_BUILD", "1");
        Process quell = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(quell.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("Quell is ready.")) {
                // the banner
            }
            String bootstrap = "127.0.0.1:" + kafkaPort;
            Ready.await("http://127.0.0.1:" + httpPort, quell, Duration.ofMinutes(2), "bench/target/quell-up-e2e.log");
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            Map<String, String> keyOfIncident = new ConcurrentHashMap<>();
            Histogram toIncident = new Histogram(3);
            Histogram toPlanned = new Histogram(3);
            Topics topics = Topics.defaults();
            CountDownLatch watching = new CountDownLatch(1);
            Thread watcher = new Thread(() -> watch(bootstrap, topics, sentAt, keyOfIncident, toIncident, toPlanned,
                    watching));
            watcher.setDaemon(true);
            watcher.start();
            if (!watching.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the watcher did not reach the end of the topics within 30 s");
            }

            HttpClient http = HttpClient.newHttpClient();
            long total = (long) (ratePerSecond * duration.toSeconds());
            Load.onSchedule(ratePerSecond, total, i -> {
                String service = "e2e-" + i;
                sentAt.put("bench/" + service, System.nanoTime());
                http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/webhooks/alertmanager"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(webhook(service)))
                        .build(), HttpResponse.BodyHandlers.discarding());
            });
            Poll.until(() -> toIncident.getTotalCount() >= total && toPlanned.getTotalCount() >= total,
                    Duration.ofMillis(200), Duration.ofSeconds(60));
            synchronized (toIncident) {
                return new Result(ratePerSecond, total, toIncident.copy(), toPlanned.copy());
            }
        } finally {
            quell.destroy();
            quell.waitFor(60, TimeUnit.SECONDS);
            quell.destroyForcibly();
        }
    }

    private static void watch(String bootstrap, Topics topics, Map<String, Long> sentAt, Map<String, String> keyOfIncident,
                              Histogram toIncident, Histogram toPlanned, CountDownLatch watching) {
        Topic<String, Incident> incidents = topics.incidents();
        Topic<String, RemediationEvent> remediations = topics.remediations();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new java.util.ArrayList<>();
            for (String topic : List.of(incidents.name(), remediations.name())) {
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // the seek happens now, before the first webhook is sent
            watching.countDown();
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    synchronized (toIncident) {
                        if (record.topic().equals(incidents.name())) {
                            Incident incident = incidents.valueSerde().deserializer().deserialize(record.topic(), record.value());
                            Long sent = sentAt.get(incident.correlationKey());
                            if (sent != null && keyOfIncident.putIfAbsent(incident.id(), incident.correlationKey()) == null) {
                                toIncident.recordValue(Math.max(1, (now - sent) / 1_000));
                            }
                        } else {
                            RemediationEvent event = remediations.valueSerde().deserializer().deserialize(record.topic(),
                                    record.value());
                            String key = keyOfIncident.get(event.data().incidentId());
                            Long sent = key == null ? null : sentAt.get(key);
                            if (sent != null && event.phase() == RemediationPhase.PLANNED) {
                                toPlanned.recordValue(Math.max(1, (now - sent) / 1_000));
                            }
                        }
                    }
                }
            }
        }
    }

    private static String webhook(String service) {
        return "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"quell\",\"groupKey\":\"{}:{}\",\"alerts\":[{"
                + "\"status\":\"firing\",\"startsAt\":\"" + Instant.now() + "\",\"endsAt\":\"0001-01-01T00:00:00Z\","
                + "\"labels\":{\"alertname\":\"DatabasePoolExhausted\",\"severity\":\"critical\",\"namespace\":\"bench\","
                + "\"service\":\"" + service + "\"}}]}";
    }
}
