package dev.quell.standalone.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Quell as separate processes, as deployed: a broker ({@code quell broker}), the topics
 * ({@code quell topics}), services from their jars, and a Redis server of the test's own. Closing
 * it kills whatever still runs, newest first.
 */
final class Harness implements AutoCloseable {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private final Path work;
    private final Path logs;
    private final List<ServiceProcess> processes = new ArrayList<>();

    /** @param logs where each process's output goes (kept after the test, unlike {@code work}) */
    Harness(Path work, Path logs) {
        this.work = work;
        this.logs = logs;
    }

    /** {@code target/<name>-logs/}, emptied: the processes' output, for reading after a failure. */
    static Path logs(String name) throws IOException {
        Path dir = Path.of("target", name + "-logs").toAbsolutePath();
        if (Files.exists(dir)) {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** A Redis server on a free port, keeping nothing on disk, with {@code databases} databases. */
    int redis(int databases) throws IOException {
        int port = freePort();
        start(new ServiceProcess("redis", List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--databases", Integer.toString(databases), "--dir", work.toString()),
                Map.of(), logs, null), "Ready to accept connections");
        return port;
    }

    /** The embedded broker as its own process; its data survives a kill. */
    ServiceProcess broker(int port) throws IOException {
        return start(new ServiceProcess("broker", List.of(java(), "-Xmx512m", "-jar", jar("standalone/target/quell.jar"),
                "broker", "--kafka-port", Integer.toString(port), "--data-dir", work.resolve("broker").toString()),
                Map.of(), logs, null), BROKER_READY);
    }

    static final String BROKER_READY = "Kafka broker ready";

    void topics(String bootstrap, String prefix, int partitions) throws IOException, InterruptedException {
        assertThat(ServiceProcess.runToEnd(List.of(java(), "-jar", jar("standalone/target/quell.jar"), "topics",
                "--bootstrap-servers", bootstrap, "--partitions", Integer.toString(partitions), "--replication-factor", "1",
                "--topic-prefix", prefix), logs.resolve("topics.log"))).as("quell topics").isZero();
    }

    /** A service from {@code <module>/target/quell-<module>.jar}, on {@code port}, ready when its readiness answers 200. */
    ServiceProcess service(String module, int port, Map<String, String> environment) throws IOException {
        Map<String, String> env = new HashMap<>(environment);
        env.put("QUELL_HTTP_PORT", Integer.toString(port));
        env.putIfAbsent("QUELL_LOG_LEVEL", "WARN");
        return start(new ServiceProcess(module, List.of(java(), "-Xmx384m", "-jar", jar(module + "/target/quell-" + module + ".jar")),
                env, logs, URI.create("http://127.0.0.1:" + port + "/health/readiness")), null);
    }

    private ServiceProcess start(ServiceProcess process, String readyLine) throws IOException {
        processes.add(process);
        return process.start(readyLine);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String jar(String path) {
        Path jar = ROOT.resolve(path);
        assertThat(jar).as("built by the package phase").isRegularFile();
        return jar.toString();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws InterruptedException {
        List<ServiceProcess> newestFirst = new ArrayList<>(processes);
        Collections.reverse(newestFirst);
        for (ServiceProcess process : newestFirst) {
            process.close();
        }
    }
}
