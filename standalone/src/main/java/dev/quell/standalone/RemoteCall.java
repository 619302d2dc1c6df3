package dev.quell.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.json.Json;
import java.io.IOException;
import java.net.ConnectException;
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

    /** Follows redirects: an incident held by another streams instance is a redirect to it. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:QUELL_URL:-http://127.0.0.1:8080}",
            description = "The running Quell (default: ${DEFAULT-VALUE}); QUELL_AUTH_TOKEN is sent as the bearer token.")
    String url;

    /** POSTs to the path, prints the answer, and returns the exit code: 0 for 2xx, 1 otherwise. */
    int post(CommandLine commandLine, String path) {
        try {
            HttpResponse<String> response = send("POST", path, null, null);
            boolean ok = response.statusCode() / 100 == 2;
            (ok ? commandLine.getOut() : commandLine.getErr()).println(response.body());
            return ok ? 0 : 1;
        } catch (IOException e) {
            return unreachable(commandLine, e);
        }
    }

    /** One request to the running Quell, with the bearer token when {@code QUELL_AUTH_TOKEN} is set. */
    HttpResponse<String> send(String method, String path, String contentType, String body) throws IOException {
        return send(url, method, path, contentType, body);
    }

    /** A GET from another instance of the running Quell ({@code base}: its URL, as Quell names it), with the same token. */
    HttpResponse<String> sendTo(String base, String path) throws IOException {
        return send(base, "GET", path, null, null);
    }

    /** Prints the running Quell's refusal ({@link #answered}) and returns the exit code 1. */
    int refused(CommandLine commandLine, HttpResponse<String> answer) {
        commandLine.getErr().println(answered(answer));
        return 1;
    }

    /** {@code Quell answered 401: <its problem detail, or the body>}. */
    static String answered(HttpResponse<String> answer) {
        String detail = answer.body();
        try {
            JsonNode problem = Json.mapper().readTree(answer.body());
            if (problem != null && problem.hasNonNull("detail")) {
                detail = problem.path("detail").asText();
            }
        } catch (IOException notJson) {
            // the body as it came
        }
        return "Quell answered " + answer.statusCode() + ": " + detail;
    }

    /** Says the running Quell cannot be reached, and returns the exit code 1. */
    int unreachable(CommandLine commandLine, IOException e) {
        commandLine.getErr().println("cannot reach Quell at " + url + ": " + why(e));
        return 1;
    }

    /** Why a call failed, in words: the JDK's client leaves the message of a refused connection empty. */
    static String why(IOException e) {
        return e.getMessage() != null ? e.getMessage()
                : e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }

    private static HttpResponse<String> send(String base, String method, String path, String contentType, String body)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        String token = System.getenv("QUELL_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
