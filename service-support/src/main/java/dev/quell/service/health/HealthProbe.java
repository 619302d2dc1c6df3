package dev.quell.service.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container image's health check, for images that carry no curl: {@code java -cp
 * quell-service.jar dev.quell.service.health.HealthProbe [PATH]} asks
 * {@code http://127.0.0.1:$QUELL_HTTP_PORT/PATH} (default port 8080, path {@code /health}) and
 * exits 0 on a 2xx answer within 2 seconds, 1 otherwise.
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(String[] args) {
        String path = args.length > 0 ? args[0] : "/health";
        String port = System.getenv().getOrDefault("QUELL_HTTP_PORT", "8080");
        System.exit(healthy(URI.create("http://127.0.0.1:" + port + path)) ? 0 : 1);
    }

    static boolean healthy(URI uri) {
        try {
            HttpResponse<Void> answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() / 100 == 2;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
