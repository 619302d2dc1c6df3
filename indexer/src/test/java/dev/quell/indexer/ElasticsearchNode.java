package dev.quell.indexer;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Elasticsearch 8 node for the tests, started once per test JVM: the integ-test
 * distribution Maven unpacks ({@code quell.test.elasticsearch.home}), its configuration and data in
 * a temporary directory, on free ports of 127.0.0.1. Elasticsearch refuses to run as root, so as
 * root it runs as {@code nobody}. {@link #stop()} and {@link #start()} restart it on the same data;
 * at the JVM's exit it is stopped and its directory removed.
 */
public final class ElasticsearchNode {

    private static ElasticsearchNode shared;

    private final Path home;
    private final Path work;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ElasticsearchNode(Path home, Path work, int httpPort) {
        this.home = home;
        this.work = work;
        this.httpPort = httpPort;
    }

    /** The node every test in this JVM shares, started on first use. */
    public static synchronized ElasticsearchNode shared() {
        if (shared == null) {
            String home = System.getProperty("quell.test.elasticsearch.home");
            if (home == null || !Files.isDirectory(Path.of(home))) {
                throw new IllegalStateException("no Elasticsearch distribution at quell.test.elasticsearch.home=" + home
                        + " (./mvnw verify unpacks it in pre-integration-test)");
            }
            try {
                ElasticsearchNode node = new ElasticsearchNode(Path.of(home), Files.createTempDirectory("quell-es-"), freePort());
                node.configure();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    node.stop();
                    node.deleteWork();
                }, "quell-test-elasticsearch-stop"));
                node.start();
                shared = node;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public synchronized void start() {
        try {
            List<String> command = new ArrayList<>();
            if (isRoot()) {
                command.addAll(List.of("runuser", "-u", "nobody", "--"));
            }
            command.addAll(List.of("env", "ES_JAVA_HOME=" + System.getProperty("java.home"),
                    "ES_PATH_CONF=" + work.resolve("config"), home.resolve("bin/elasticsearch").toString(),
                    "-p", work.resolve("es.pid").toString()));
            Files.deleteIfExists(work.resolve("es.pid"));
            new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("logs/console.log").toFile())).start();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(this::healthy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the node (SIGTERM, then SIGKILL) and waits until it is gone. */
    public synchronized void stop() {
        Path pidFile = work.resolve("es.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(process -> {
                process.destroy();
                try {
                    process.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    process.destroyForcibly();
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> !healthy());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the node's configuration, data and logs (at exit, once it has stopped); what cannot be removed stays. */
    private void deleteWork() {
        try (Stream<Path> paths = Files.walk(work)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // left in the temporary directory
        }
    }

    public boolean healthy() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/_cluster/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && !response.body().contains("\"status\":\"red\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void configure() throws IOException {
        Path config = work.resolve("config");
        Files.createDirectories(config.resolve("jvm.options.d"));
        Files.createDirectories(work.resolve("data"));
        Files.createDirectories(work.resolve("logs"));
        try (Stream<Path> files = Files.list(home.resolve("config"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, config.resolve(file.getFileName()));
            }
        }
        Files.writeString(config.resolve("elasticsearch.yml"), String.join("\n",
                "cluster.name: quell-test",
                "node.name: quell-test-node",
                "network.host: 127.0.0.1",
                "http.port: " + httpPort,
                "transport.port: " + freePort(),
                "discovery.type: single-node",
                "xpack.security.enabled: false",
                "path.data: " + work.resolve("data"),
                "path.logs: " + work.resolve("logs"),
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "action.destructive_requires_name: false",
                ""));
        Files.writeString(config.resolve("jvm.options.d/heap.options"), "-Xms512m\n-Xmx512m\n");
        if (isRoot()) {
            run("chown", "-R", "nobody", work.toString());
            run("chmod", "755", work.toString());
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(String... command) throws IOException {
        try {
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
