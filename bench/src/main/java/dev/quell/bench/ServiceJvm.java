package dev.quell.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Quell service as it is deployed: its own JVM ({@code java -jar <module>/target/quell-<module>.jar},
 * heap capped at 256 MiB), on a free port, against the benchmark's broker. Extra JVM options for a
 * module: {@code -Dquell.bench.<module>-jvm-options=…} (e.g. {@code -XX:StartFlightRecording=…}).
 */
final class ServiceJvm implements AutoCloseable {

    private final Process process;
    private final String log;
    final String module;
    final String url;

    /** @param properties further system properties of the service (its configuration keys) */
    ServiceJvm(Path repository, String module, String bootstrapServers, String topicPrefix, int port,
               Map<String, String> properties) throws IOException {
        this.module = module;
        Path jar = repository.resolve(module + "/target/quell-" + module + ".jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw -B -q -DskipTests package first");
        }
        url = "http://127.0.0.1:" + port;
        List<String> command = new java.util.ArrayList<>(List.of(javaBin(), "-Xmx256m"));
        String extra = System.getProperty("quell.bench." + module + "-jvm-options", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-Dkafka.bootstrap.servers=" + bootstrapServers, "-Dquell.topics.prefix=" + topicPrefix,
                "-Dmicronaut.server.port=" + port));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        log = "bench/target/" + module + ".log";
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(repository.resolve(log).toFile()))
                .start();
        awaitReady();
    }

    /** Waits until the service answers its readiness probe with 200 (again, after a rebalance, say). */
    void awaitReady() throws IOException {
        try {
            Ready.await(url, process, Duration.ofSeconds(90), log);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Resident set size of the process, from /proc (Linux). */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    /** Heap in use, from the service's own /prometheus. */
    long heapUsedBytes() throws IOException, InterruptedException {
        return (long) java.util.stream.DoubleStream.of(
                Prometheus.values(Prometheus.scrape(url), "jvm_memory_used_bytes{area=\"heap\"")).sum();
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
