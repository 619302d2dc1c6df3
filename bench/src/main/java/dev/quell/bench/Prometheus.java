package dev.quell.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A Quell service's {@code /prometheus}, read as the text exposition format. */
final class Prometheus {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Prometheus() {
    }

    /** The service's metrics now, as text. */
    static String scrape(String serviceUrl) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The values of the samples whose line starts with {@code prefix}: a metric's name, perhaps with the start of its labels. */
    static double[] values(String exposition, String prefix) {
        return exposition.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .toArray();
    }
}
