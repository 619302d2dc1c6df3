package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code quell incidents} against streams instances that each hold some incidents (stand-ins
 * answering as the incidents API does): one list, newest first, and an instance it could not ask named.
 */
class IncidentCommandsTest {

    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    private String instance(String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/incidents", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String incident(String id, String key, String severity, String updatedAt) {
        return """
                {"id":"%s","version":1,"correlationKey":"%s","status":"open","severity":"%s","severityReasons":[],
                 "updatedAt":"%s","alerts":[{"alertname":"X","status":"firing"},{"alertname":"Y","status":"resolved"}]}
                """.formatted(id, key, severity, updatedAt);
    }

    @Test
    void shouldListTheIncidentsOfEveryInstanceNewestFirstAndNameAnInstanceItCouldNotAsk() throws Exception {
        String second = instance("{\"incidents\":[" + incident("inc-b", "shop/api", "P0", "2026-11-20T08:00:00.84Z")
                + "],\"truncated\":true,\"otherInstances\":[]}");
        String first = instance("{\"incidents\":[" + incident("inc-a", "dpa/dpa-api", "P1", "2026-11-20T08:00:00.8Z")
                + "],\"truncated\":false,\"otherInstances\":[\"" + second + "\",\"http://127.0.0.1:1\"]}");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = QuellCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("incidents", "--url", first);

        assertThat(exit).as("an instance missing: not the whole answer").isEqualTo(1);
        assertThat(out.toString().lines().filter(line -> line.startsWith("P")).map(line -> line.split(" +")[2]))
                .as("newest first, by time, not by text (.84 after .8)").containsExactly("shop/api", "dpa/dpa-api");
        assertThat(out.toString()).contains("1/2", "2 incident(s); more matched: raise --limit");
        assertThat(err.toString()).startsWith("not listed: the incidents of http://127.0.0.1:1 (");
    }
}
