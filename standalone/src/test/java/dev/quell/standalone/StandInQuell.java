package dev.quell.standalone;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for a running Quell, or for one of its streams instances, on 127.0.0.1: it answers the
 * routes a test gives it, as the test says, so a command's handling of each answer can be checked
 * without starting Quell.
 */
final class StandInQuell implements AutoCloseable {

    private final HttpServer server;

    private StandInQuell(HttpServer server) {
        this.server = server;
    }

    static StandInQuell start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
        return new StandInQuell(server);
    }

    /** Every request to {@code path} (and below it) gets this status, media type and body. */
    StandInQuell answer(String path, int status, String mediaType, String body) {
        return handle(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", mediaType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream answer = exchange.getResponseBody()) {
                answer.write(bytes);
            }
        });
    }

    StandInQuell handle(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
