package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo as a user runs it: {@code ./quell up --config examples/demo.yml} (enforce mode,
 * this machine's PostgreSQL and Redis), then {@code ./quell demo}. Through the whole pipeline the
 * DPA pool incident terminates a real idle PostgreSQL session, and the short-drama Redis incident —
 * approved with {@code ./quell approve}, as its playbook asks — evicts real session keys.
 */
class DemoEnforcedProcessIT {

    private static final Path REPOSITORY_ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final Pattern APPROVAL = Pattern.compile(
            "\"id\":\"([^\"]+)\",\"source\":\"[^\"]*\",\"type\":\"dev\\.quell\\.remediation\\.awaiting_approval\"");

    @TempDir
    Path dataDir;

    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void shouldTerminateARealIdleSessionAndEvictRealRedisKeysThroughThePipeline() throws Exception {
        try (Connection admin = connect("postgres");
             Connection idleApp = appSession(admin);
             RedisSessions redis = new RedisSessions(200)) {
            int kafkaPort = freePort();
            int httpPort = freePort();
            String url = "http://127.0.0.1:" + httpPort;
            Process up = quell("up", "--config", "examples/demo.yml", "--kafka-port", Integer.toString(kafkaPort),
                    "--port", Integer.toString(httpPort), "--data-dir", dataDir.toString());
            awaitReady(up);
            int pid = backendPid(idleApp);
            await().atMost(Duration.ofSeconds(30)).until(() -> idleSeconds(admin, pid) > 10); // the playbook's idleFor

            assertThat(run("demo", "--url", url, "--wait", "90s")).isIn(0, 1); // severities follow examples/rules.yml

            await().atMost(Duration.ofSeconds(90)).until(() -> remediations(url).contains("dev.quell.remediation.verified")
                    && remediations(url).contains("pool-exhausted-kill-idle-connections"));
            assertThat(alive(admin, pid)).as("the idle app session was terminated").isFalse();

            String approval = await().atMost(Duration.ofSeconds(90)).until(() -> approvalId(url), id -> id != null);
            assertThat(run("approve", approval, "--url", url)).isZero();
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.remaining() < 200);
            await().atMost(Duration.ofSeconds(60)).until(() -> remediations(url).contains("unlinked"));
        }
    }

    private String approvalId(String url) throws Exception {
        Matcher matcher = APPROVAL.matcher(remediations(url));
        return matcher.find() ? matcher.group(1) : null;
    }

    private String remediations(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/remediations")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A session of an ordinary application role, left idle: what the pool playbook terminates. */
    private static Connection appSession(Connection admin) throws Exception {
        try (Statement sql = admin.createStatement()) {
            sql.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'quell_demo_app') THEN "
                    + "CREATE ROLE quell_demo_app LOGIN; END IF; END $$");
        }
        Connection app = connect("quell_demo_app");
        try (Statement sql = app.createStatement()) {
            sql.execute("SELECT 1");
        }
        return app;
    }

    private static Connection connect(String user) throws Exception {
        Properties props = new Properties();
        props.put("user", user);
        props.put("ApplicationName", "quell-demo-it");
        return DriverManager.getConnection(POSTGRES, props);
    }

    private static int backendPid(Connection session) throws Exception {
        try (Statement sql = session.createStatement(); ResultSet rows = sql.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static double idleSeconds(Connection admin, int pid) throws Exception {
        try (Statement sql = admin.createStatement(); ResultSet rows = sql.executeQuery(
                "SELECT extract(epoch FROM now() - state_change) FROM pg_stat_activity WHERE pid = " + pid
                        + " AND state = 'idle'")) {
            return rows.next() ? rows.getDouble(1) : 0;
        }
    }

    private static boolean alive(Connection admin, int pid) throws Exception {
        try (Statement sql = admin.createStatement(); ResultSet rows = sql.executeQuery(
                "SELECT 1 FROM pg_stat_activity WHERE pid = " + pid)) {
            return rows.next();
        }
    }

    /** {@code count} session keys of 10 KB in Redis database 0, removed again afterwards. */
    private static final class RedisSessions implements AutoCloseable {
        private final RedisClient client = RedisClient.create("redis://127.0.0.1:6379/0");
        private final StatefulRedisConnection<String, String> connection = client.connect();
        private final String prefix = "session:demo-it-" + System.nanoTime() + ":";

        RedisSessions(int count) {
            RedisCommands<String, String> redis = connection.sync();
            String value = "x".repeat(10_240);
            for (int i = 0; i < count; i++) {
                redis.set(prefix + i, value);
            }
        }

        long remaining() {
            return connection.sync().keys(prefix + "*").size();
        }

        @Override
        public void close() {
            List<String> keys = connection.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
            connection.close();
            client.shutdown();
        }
    }

    private void awaitReady(Process up) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (Exception ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(120)).until(() -> lines.contains("Quell is ready.") || !up.isAlive());
        assertThat(up.isAlive()).as("quell up started; its log is in target/demo-it.stderr.log").isTrue();
    }

    private Process quell(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(REPOSITORY_ROOT.resolve("quell").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPOSITORY_ROOT.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(Path.of("target", "demo-it.stderr.log").toFile()));
        builder.environment().put("QUELL_SKIP_BUILD", "1");
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private int run(String... args) throws Exception {
        Process process = quell(args);
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("quell " + args[0] + " finishes").isTrue();
        return process.exitValue();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
