package dev.quell.standalone.reliability;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Quell service (or the broker, or Redis) as its own operating-system process, as deployed:
 * started from its jar with environment variables, killed with SIGKILL ({@code kill -9}: no
 * shutdown hook, no flush, no goodbye), started again. Its output is appended to a log file.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final URI readiness;
    private Process process;
    private int starts;

    /** @param readiness asked until it answers 200 after each start; {@code null}: ready once the log shows {@code readyLine} */
    ServiceProcess(String name, List<String> command, Map<String, String> environment, Path logDir, URI readiness) {
        this.name = name;
        this.command = command;
        this.environment = environment;
        this.log = logDir.resolve(name + ".log");
        this.readiness = readiness;
    }

    String name() {
        return name;
    }

    int starts() {
        return starts;
    }

    /** Starts the process and waits until it is ready ({@code readiness} answers 200, or {@code readyLine} is logged). */
    ServiceProcess start(String readyLine) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        long logSize = Files.exists(log) ? Files.size(log) : 0;
        process = builder.start();
        starts++;
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .failFast(name + " exited (see " + log + ")", () -> !process.isAlive())
                .until(() -> readiness != null ? ready() : Files.readString(log).substring((int) logSize).contains(readyLine));
        return this;
    }

    ServiceProcess start() throws IOException {
        return start(null);
    }

    /** SIGKILL, then wait for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not die within 30 s of SIGKILL");
        }
    }

    private boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a command to its end (a one-shot tool, e.g. {@code quell topics}) and returns its exit code. */
    static int runToEnd(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
