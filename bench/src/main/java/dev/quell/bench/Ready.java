package dev.quell.bench;

import dev.quell.service.time.Poll;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits for a service the benchmark started: {@code /health/readiness} answering 200, while its process lives. */
final class Ready {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Ready() {
    }

    static void await(String baseUrl, Process process, Duration timeout, String log) throws Exception {
        URI readiness = URI.create(baseUrl + "/health/readiness");
        boolean ready = Poll.until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the process ended before it was ready; see " + log);
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (IOException notListeningYet) {
                return false;
            }
        }, Duration.ofMillis(100), timeout);
        if (!ready) {
            throw new IllegalStateException(baseUrl + " was not ready within " + timeout + "; see " + log);
        }
    }
}
