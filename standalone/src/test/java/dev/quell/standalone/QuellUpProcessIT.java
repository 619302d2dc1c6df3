package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quell.schemas.alertmanager.AlertmanagerWebhookParser;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real {@code ./quell up} script as a separate process, as a user would. */
class QuellUpProcessIT {

    private static final Path REPOSITORY_ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Topic<String, AlertEvent> ALERTS = Topics.defaults().alerts();

    @TempDir
    Path dataDir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void shouldStartCreateTopicsTakeAnAlertAndStopCleanlyKeepingItsDataAcrossRestarts() throws Exception {
        int port = freePort();
        int httpPort = freePort();
        String bootstrap = "127.0.0.1:" + port;

        RunningQuell first = up(port, httpPort);
        first.awaitLine("Press Ctrl-C to stop."); // the banner's last line: all above it is printed
        assertThat(first.output()).anyMatch(line -> line.contains("Kafka:  " + bootstrap + " (embedded broker"));
        assertThat(first.output()).anyMatch(line -> line.contains("HTTP:   http://127.0.0.1:" + httpPort));
        assertThat(first.output()).anyMatch(line -> line.contains("POST /webhooks/alertmanager"));
        assertThat(topicNames(bootstrap)).containsAll(Topics.defaults().all().stream().map(Topic::name).toList());

        AlertEvent alert = serviceDownAlert();
        produce(bootstrap, alert);
        assertThat(readAlerts(bootstrap)).containsExactly(alert);

        HttpResponse<String> webhook = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/webhooks/alertmanager"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(SERVICE_DOWN_WEBHOOK)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(200);
        assertThat(readAlerts(bootstrap)).as("the produced alert and the one posted over HTTP").hasSize(2);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/incidents")).build(),
                        HttpResponse.BodyHandlers.ofString()).body())
                .as("the streams service made an incident of the ServiceDown alert")
                .contains("\"correlationKey\":\"one-data-system/agent-api\"", "\"severity\":\"P0\""));

        // the whole chain in dry-run: a pool-exhausted alert -> a P1 incident -> the remediator says what it would do
        HttpResponse<String> pool = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/webhooks/alertmanager"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(POOL_EXHAUSTED_WEBHOOK)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pool.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/remediations")).build(),
                        HttpResponse.BodyHandlers.ofString()).body())
                .contains("dev.quell.remediation.planned",
                        "dry-run: would run postgres.kill-idle-connections on postgres/main"));

        // the on-call engineer's controls, as commands against the running Quell
        String url = "http://127.0.0.1:" + httpPort;
        assertThat(command("pause", "--url", url)).isZero();
        assertThat(remediatorStatus(httpPort)).contains("\"paused\":true");
        assertThat(command("resume", "--url", url)).isZero();
        assertThat(remediatorStatus(httpPort)).contains("\"paused\":false");
        assertThat(command("approve", "no-such-request", "--url", url)).as("unknown approval").isEqualTo(1);
        assertThat(command("demo", "--url", url, "--wait", "90s")).as("every seed scenario became its incident").isZero();

        int alertsBeforeRestart = readAlerts(bootstrap).size();
        first.stopAndAwaitExit();
        assertThat(first.output()).contains("Quell stopped.");

        RunningQuell second = up(port, httpPort);
        second.awaitLine("Press Ctrl-C to stop."); // the banner's last line: all above it is printed
        assertThat(second.output()).anyMatch(line -> line.contains("0 created now"));
        assertThat(readAlerts(bootstrap)).as("the alerts survive a restart on the same data dir")
                .hasSize(alertsBeforeRestart).contains(alert);
        second.stopAndAwaitExit();
    }

    private RunningQuell up(int port, int httpPort) throws IOException {
        Path config = dataDir.resolve("quell.yml");
        Files.writeString(config, """
                quell:
                  targets:
                    postgres:
                      main:
                        url: jdbc:postgresql://127.0.0.1:5432/test
                        username: quell_remediator
                        password: not-used-in-dry-run
                """);
        ProcessBuilder builder = new ProcessBuilder(REPOSITORY_ROOT.resolve("quell").toString(), "up",
                "--kafka-port", Integer.toString(port), "--port", Integer.toString(httpPort),
                "--data-dir", dataDir.toString(), "--config", config.toString())
                .directory(REPOSITORY_ROOT.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(Path.of("target", "quell-up-it.stderr.log").toFile()));
        builder.environment().put("QUELL_SKIP_BUILD", "1");
        Process process = builder.start();
        started.add(process);
        return new RunningQuell(process);
    }

    private static final byte[] SERVICE_DOWN_WEBHOOK = """
                {"version":"4","status":"firing","receiver":"quell","groupKey":"{}:{alertname=\\"ServiceDown\\"}",
                 "alerts":[{"status":"firing","startsAt":"2026-11-20T08:15:42Z","endsAt":"0001-01-01T00:00:00Z",
                   "labels":{"alertname":"ServiceDown","job":"agent-api","namespace":"one-data-system",
                             "service":"agent-api","severity":"critical","instance":"127.0.0.1:9"}}]}
                """.getBytes(StandardCharsets.UTF_8);

    private int command(String... args) throws Exception {
        List<String> commandLine = new ArrayList<>(List.of(REPOSITORY_ROOT.resolve("quell").toString()));
        commandLine.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(commandLine).directory(REPOSITORY_ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "quell-commands.log").toFile()));
        builder.environment().put("QUELL_SKIP_BUILD", "1");
        Process process = builder.start();
        started.add(process);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("quell " + args[0] + " finishes").isTrue();
        return process.exitValue();
    }

    private static String remediatorStatus(int httpPort) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/api/v1/remediator")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static final String POOL_EXHAUSTED_WEBHOOK = """
            {"version":"4","status":"firing","receiver":"quell","alerts":[{"status":"firing",
              "startsAt":"2026-11-20T08:10:00Z","labels":{"alertname":"DatabasePoolExhausted","severity":"critical",
              "namespace":"dpa","service":"dpa-api"}}]}
            """;

    private static AlertEvent serviceDownAlert() throws Exception {
        return new AlertmanagerWebhookParser().parse(SERVICE_DOWN_WEBHOOK)
                .toAlertEvents(CorrelationKeys.defaults(), Instant.parse("2026-11-20T08:16:00Z")).get(0);
    }

    private static List<String> topicNames(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return List.copyOf(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
    }

    private static void produce(String bootstrap, AlertEvent alert) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, AlertEvent> producer = new KafkaProducer<>(props,
                ALERTS.keySerde().serializer(), ALERTS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(ALERTS.name(), alert.correlationKey(), alert)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<AlertEvent> readAlerts(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "quell-up-it-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<AlertEvent> alerts = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, AlertEvent> consumer = new KafkaConsumer<>(props,
                ALERTS.keySerde().deserializer(), ALERTS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(ALERTS.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach((ConsumerRecord<String, AlertEvent> r) -> alerts.add(r.value()));
                return !alerts.isEmpty() && consumer.assignment().stream()
                        .allMatch(tp -> consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp));
            });
        }
        return alerts;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** A started {@code quell up} whose stdout is collected line by line. */
    private static final class RunningQuell {
        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        RunningQuell(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    out.lines().forEach(lines::add);
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "quell-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        void awaitLine(String line) {
            await().atMost(Duration.ofSeconds(120))
                    .failFast("quell up exited early", () -> !process.isAlive())
                    .until(() -> lines.contains(line));
        }

        List<String> output() {
            return lines;
        }

        void stopAndAwaitExit() throws InterruptedException {
            // SIGTERM, as from a service manager; Process.destroy() would also close our end of stdout
            process.toHandle().destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("quell up exits after SIGTERM").isTrue();
            await().atMost(Duration.ofSeconds(5)).alias("output was " + lines).until(() -> lines.contains("Quell stopped."));
        }
    }
}
