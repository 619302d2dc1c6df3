package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code quell demo} against a stand-in Quell that never becomes ready. */
class DemoCommandTest {

    private HttpServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldSendNothingToAQuellThatIsNotReadyAndSaySoOnceTheWaitIsOver() throws Exception {
        AtomicInteger readinessAsked = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health/readiness", exchange -> {
            readinessAsked.incrementAndGet();
            byte[] body = "{\"status\":\"DOWN\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            try (OutputStream answer = exchange.getResponseBody()) {
                answer.write(body);
            }
        });
        server.createContext("/", exchange -> {
            sent.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();

        int exit = demo(url);

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("waiting for Quell at " + url + " to be ready ...");
        assertThat(err.toString()).contains("Quell at " + url + " was not ready within 1s; nothing sent (quell status --url "
                + url + " says what it waits for)");
        assertThat(readinessAsked.get()).as("asked again while waiting").isGreaterThan(1);
        assertThat(sent.get()).as("requests other than readiness").isZero();
    }

    @Test
    void shouldWaitForAQuellNotListeningYetAsForOneNotReady() {
        int exit = demo("http://127.0.0.1:1");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("Quell at http://127.0.0.1:1 was not ready within 1s; nothing sent");
    }

    private int demo(String url) {
        var commandLine = QuellCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute("demo", "--url", url, "--wait", "1s");
    }
}
