package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quell.kafka.SharedTestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuellRuntimeIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldUseAnExistingClusterAndCreateThePrefixedTopicsThereWithoutAnEmbeddedBroker() throws Exception {
        String bootstrap = SharedTestBroker.bootstrapServers();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StandaloneSettings settings = new StandaloneSettings(bootstrap, dataDir, 0, 2, "existing.", null, 0, null);

        try (QuellRuntime runtime = new QuellRuntime(settings, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            runtime.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> console.toString(StandardCharsets.UTF_8).contains("Quell is ready."));
            assertThat(readiness(QuellRuntimeAccess.httpUrl(console)).statusCode())
                    .as("/health/readiness once the console said ready").isEqualTo(200);
        }

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).contains("existing.quell.alerts.v1", "existing.quell.deadletter.v1");
            assertThat(admin.describeTopics(Set.of("existing.quell.incidents.v1")).allTopicNames().get()
                    .get("existing.quell.incidents.v1").partitions()).hasSize(2);
        }
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("Kafka:  " + bootstrap + " (existing cluster)", "7 created now", "Quell stopped.");
        assertThat(dataDir.resolve("kafka")).as("no embedded broker data").doesNotExist();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Remediator: dry-run mode",
                "Indexer: off (set quell.indexer.elasticsearch.url to index into Elasticsearch)");
    }

    @Test
    void shouldRunTheIndexerWhenItsElasticsearchIsConfiguredAndNotBeReadyWithoutIt() throws Exception {
        Path config = Files.writeString(dataDir.resolve("quell.yml"), """
                quell:
                  indexer:
                    elasticsearch:
                      url: http://127.0.0.1:%d
                """.formatted(closedPort()));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StandaloneSettings settings = new StandaloneSettings(SharedTestBroker.bootstrapServers(), dataDir, 0, 1,
                "indexed-" + System.nanoTime() + ".", null, 0, config);

        try (QuellRuntime runtime = new QuellRuntime(settings, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            runtime.start();
            String url = QuellRuntimeAccess.httpUrl(console);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> readiness = readiness(url);
                assertThat(readiness.statusCode()).isEqualTo(503);
                assertThat(readiness.body()).contains("\"indexer\"", "unreachable");
            });
        }
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Indexer: into Elasticsearch at [http://127.0.0.1:")
                .as("never said ready while the indexer was not").doesNotContain("Quell is ready.");
        assertThat(System.getProperty("micronaut.config.files")).isNull();
    }

    @Test
    void shouldSayWhichPortIsTakenAndWhichOptionChoosesAnother() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            StandaloneSettings httpTaken = new StandaloneSettings(SharedTestBroker.bootstrapServers(), dataDir, 0, 1,
                    "taken-" + System.nanoTime() + ".", null, port, null);
            try (QuellRuntime runtime = new QuellRuntime(httpTaken, new PrintStream(console, true, StandardCharsets.UTF_8))) {
                assertThatThrownBy(runtime::start)
                        .hasMessage("the HTTP port " + port + " is in use by another process (choose another with --port)");
            }
            StandaloneSettings kafkaTaken = new StandaloneSettings(null, dataDir, port, 1, "", null, 0, null);
            try (QuellRuntime runtime = new QuellRuntime(kafkaTaken, new PrintStream(console, true, StandardCharsets.UTF_8))) {
                assertThatThrownBy(runtime::start).hasMessage("the embedded Kafka broker's port " + port
                        + " is in use by another process (choose another with --kafka-port)");
            }
        }
    }

    private static HttpResponse<String> readiness(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
