package dev.quell.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./quell up} on a fresh data directory, as a user starts it: the time to its
 * "Quell is ready." line, the time until {@code /health/readiness} answers 200 (every service
 * ready: Kafka, Streams RUNNING, the remediator's consumers), and its resident memory then.
 */
final class StartupTime {

    record Run(Duration toReadyLine, Duration toReadiness, long rssBytes) {
    }

    private StartupTime() {
    }

    static Run once(Path repository) throws Exception {
        Path dataDir = Files.createTempDirectory("quell-bench-up");
        int httpPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(repository.resolve("quell").toString(), "up",
                "--data-dir", dataDir.toString(), "--kafka-port", Integer.toString(freePort()),
                "--port", Integer.toString(httpPort)))
                .directory(repository.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(repository.resolve("bench/target/quell-up.log").toFile()));
        builder.environment().put("QUELL_SKIP_BUILD", "1");
        long start = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("Quell is ready.")) {
                // the banner comes first
            }
            if (line == null) {
                throw new IllegalStateException("quell up ended before it was ready; see bench/target/quell-up.log");
            }
            Duration toLine = Duration.ofNanos(System.nanoTime() - start);
            Ready.await("http://127.0.0.1:" + httpPort, process, Duration.ofMinutes(2), "bench/target/quell-up.log");
            Duration toReady = Duration.ofNanos(System.nanoTime() - start);
            long rss = rss(javaChild(process));
            return new Run(toLine, toReady, rss);
        } finally {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
            Bench.deleteRecursively(dataDir);
        }
    }

    /** {@code ./quell} is a shell script that execs java; the JVM is the process itself or its child. */
    private static long javaChild(Process process) {
        return process.descendants().filter(child -> child.info().command().orElse("").endsWith("java"))
                .map(ProcessHandle::pid).findFirst().orElse(process.pid());
    }

    private static long rss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
