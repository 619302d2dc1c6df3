package dev.quell.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/sized", exchange -> answer(exchange, 200, "{\"errors\":false}".repeat(500), false));
        server.createContext("/chunked", exchange -> answer(exchange, 503, "{\"title\":\"busy\"}".repeat(500), true));
        server.createContext("/empty", exchange -> answer(exchange, 200, null, false));
        server.createContext("/closing", exchange -> {
            exchange.getResponseHeaders().add("Connection", "close");
            answer(exchange, 200, "bye", false);
        });
        server.createContext("/slow", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, null, false);
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void shouldPostEachBodyWholeAndReadAnswersOfEitherLengthOnOneConnection() throws IOException {
        try (HttpConnection sized = connection("/sized"); HttpConnection chunked = connection("/chunked");
             HttpConnection empty = connection("/empty")) {
            for (int i = 0; i < 5; i++) {
                assertThat(sized.post(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
                assertThat(chunked.post("{\"line\":\"日志\"}\n".repeat(300).getBytes(StandardCharsets.UTF_8)))
                        .isEqualTo(503);
                assertThat(empty.post(new byte[0])).isEqualTo(200);
            }
        }

        assertThat(received).hasSize(15);
        assertThat(received.get(0)).isEqualTo("POST /sized application/json {\"n\":0}");
        assertThat(received.get(1)).isEqualTo("POST /chunked application/json " + "{\"line\":\"日志\"}\n".repeat(300));
        assertThat(received.get(2)).isEqualTo("POST /empty application/json ");
        assertThat(clientPorts).as("each of the three kept its one connection alive").hasSize(3);
    }

    @Test
    void shouldOpenANewConnectionAfterAnAnswerThatClosedIt() throws IOException {
        try (HttpConnection closing = connection("/closing")) {
            assertThat(closing.post("a".getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
            assertThat(closing.post("b".getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
        }

        assertThat(received).extracting(line -> line.substring(line.length() - 1)).containsExactly("a", "b");
        assertThat(clientPorts).hasSize(2);
    }

    @Test
    void shouldGiveUpOnAnAnswerAfterItsTimeoutAndStillSendTheNextRequest() throws IOException {
        try (HttpConnection slow = new HttpConnection(uri("/slow"), "application/json", Duration.ofMillis(200))) {
            assertThatThrownBy(() -> slow.post(new byte[0])).isInstanceOf(SocketTimeoutException.class);
            release.countDown();
            assertThat(slow.post(new byte[0])).isEqualTo(200);
        }
    }

    private HttpConnection connection(String path) {
        return new HttpConnection(uri(path), "application/json", Duration.ofSeconds(5));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void answer(HttpExchange exchange, int status, String body, boolean chunked) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body == null ? -1 : chunked ? 0 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
