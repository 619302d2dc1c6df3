package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.kafka.SharedTestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With auth configured, every route of every service — read from the route table `quell up`
 * prints, so a route added later is walked too — refuses a request without credentials, or with
 * wrong ones, with 401; only {@code /health*} stays open for probes.
 */
class RouteAuthIT {

    private static final String TOKEN = "route-walk-token-4b1f";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void shouldRefuseEveryRouteButHealthWithoutTheRightCredentials() throws Exception {
        Path config = Files.writeString(dir.resolve("quell.yml"), "quell:\n  auth:\n    token: " + TOKEN + "\n");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StandaloneSettings settings = new StandaloneSettings(SharedTestBroker.bootstrapServers(), dir, 0, 1,
                "route-auth-" + System.nanoTime() + ".", null, 0, config);

        try (QuellRuntime runtime = new QuellRuntime(settings, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            runtime.start();
            String url = QuellRuntimeAccess.httpUrl(console);
            List<String> routes = QuellRuntimeAccess.routes(console);
            assertThat(routes).as("the route table").hasSizeGreaterThan(10).contains("POST /webhooks/alertmanager");

            for (String route : routes) {
                String method = route.substring(0, route.indexOf(' '));
                String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x");
                int anonymous = send(url, method, path, null);
                int wrong = send(url, method, path, "Bearer not-" + TOKEN);
                int right = send(url, method, path, "Bearer " + TOKEN);
                if (path.startsWith("/health")) {
                    assertThat(anonymous).as(route + " stays open for probes").isNotEqualTo(401);
                } else {
                    assertThat(anonymous).as(route + " without credentials").isEqualTo(401);
                    assertThat(wrong).as(route + " with a wrong token").isEqualTo(401);
                    assertThat(right).as(route + " with the token").isNotEqualTo(401);
                }
            }
        }
    }

    private int send(String url, String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
