package dev.quell.service.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthProbeTest {

    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/health/readiness", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldBeHealthyOnlyOnATwoHundredAnswer() {
        int port = server.getAddress().getPort();
        assertThat(HealthProbe.healthy(URI.create("http://127.0.0.1:" + port + "/health"))).isTrue();
        assertThat(HealthProbe.healthy(URI.create("http://127.0.0.1:" + port + "/health/readiness"))).isFalse();
    }

    @Test
    void shouldBeUnhealthyWhenNothingListens() {
        server.stop(0);
        int port = server.getAddress().getPort();
        assertThat(HealthProbe.healthy(URI.create("http://127.0.0.1:" + port + "/health"))).isFalse();
    }
}
