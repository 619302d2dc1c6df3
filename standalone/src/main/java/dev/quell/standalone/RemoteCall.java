package dev.quell.standalone;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options and the one HTTP call of the commands that talk to a running Quell: its URL, and
 * the bearer token from {@code QUELL_AUTH_TOKEN} when set.
 */
final class RemoteCall {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:QUELL_URL:-http://127.0.0.1:8080}",
            description = "The running Quell (default: ${DEFAULT-VALUE}); QUELL_AUTH_TOKEN is sent as the bearer token.")
    String url;

    /** POSTs to the path, prints the answer, and returns the exit code: 0 for 2xx, 1 otherwise. */
    int post(CommandLine commandLine, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody());
        String token = System.getenv("QUELL_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean ok = response.statusCode() / 100 == 2;
            (ok ? commandLine.getOut() : commandLine.getErr()).println(response.body());
            return ok ? 0 : 1;
        } catch (IOException e) {
            commandLine.getErr().println("cannot reach Quell at " + url + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
