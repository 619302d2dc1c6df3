package dev.quell.bench;

import dev.quell.schemas.alertmanager.AlertFingerprint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Request bodies as the real peers send them: an Alertmanager webhook of 50 alerts (Prometheus
 * sends at most 50 per batch), an NDJSON batch of application log lines, an Elasticsearch
 * {@code _bulk} body as Filebeat or Fluent Bit's es output sends it. Every alert and line is
 * distinct, so nothing is deduplicated away; they spread over a thousand correlation keys (100
 * namespaces × 10 services), as a cluster's alerts do. Each alert carries the fingerprint of its
 * labels, as Alertmanager's alerts do.
 */
final class Payloads {

    static final int ALERTS_PER_WEBHOOK = 50;
    static final int LINES_PER_BATCH = 500;

    private final AtomicLong counter = new AtomicLong();

    /**
     * {@code count} bodies made now and handed out in turn, so that the load generator spends nothing
     * on making them while it measures (wrk, too, sends requests made beforehand). Ingest does not look
     * for repeated alerts or lines; the streams and end-to-end sections, where repeats would be
     * deduplicated, make each body as they send it.
     */
    static Supplier<byte[]> madeAhead(int count, Supplier<byte[]> make) {
        byte[][] bodies = new byte[count][];
        for (int i = 0; i < count; i++) {
            bodies[i] = make.get();
        }
        AtomicLong next = new AtomicLong();
        return () -> bodies[(int) (next.getAndIncrement() % count)];
    }

    byte[] webhook() {
        long batch = counter.incrementAndGet();
        String now = Instant.now().toString();
        StringBuilder body = new StringBuilder(32_768).append("{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"quell\","
                + "\"groupKey\":\"{}:{alertname=\\\"HighLatency\\\"}\",\"truncatedAlerts\":0,"
                + "\"externalURL\":\"http://alertmanager:9093\",\"groupLabels\":{\"alertname\":\"HighLatency\"},"
                + "\"commonLabels\":{\"alertname\":\"HighLatency\",\"severity\":\"warning\"},\"commonAnnotations\":{},"
                + "\"alerts\":[");
        for (int i = 0; i < ALERTS_PER_WEBHOOK; i++) {
            if (i > 0) {
                body.append(',');
            }
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("alertname", "HighLatency");
            labels.put("severity", "warning");
            labels.put("namespace", "one-data-system-" + batch % 100);
            labels.put("job", "data-api-" + i % 10);
            labels.put("instance", "10.0." + batch % 250 + "." + i + ":8080");
            labels.put("pod", "data-api-" + batch + "-" + i);
            body.append("{\"status\":\"firing\",\"startsAt\":\"").append(now).append("\",\"endsAt\":\"0001-01-01T00:00:00Z\",")
                    .append("\"generatorURL\":\"http://prometheus:9090/graph?g0.expr=histogram_quantile\",")
                    .append("\"fingerprint\":\"").append(AlertFingerprint.of(labels)).append("\",\"labels\":");
            appendObject(body, labels);
            body.append(",\"annotations\":{\"summary\":\"P95 延迟超过 500ms\",\"description\":\"batch ")
                    .append(batch).append("\"}}");
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] ndjson() {
        StringBuilder body = new StringBuilder(LINES_PER_BATCH * 300);
        for (int i = 0; i < LINES_PER_BATCH; i++) {
            body.append(line(i)).append('\n');
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] bulk() {
        StringBuilder body = new StringBuilder(LINES_PER_BATCH * 340);
        for (int i = 0; i < LINES_PER_BATCH; i++) {
            body.append("{\"create\":{\"_index\":\"logs-app\"}}\n").append(line(i)).append('\n');
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON object of plain strings (the labels here need no escaping). */
    private static void appendObject(StringBuilder body, Map<String, String> fields) {
        body.append('{');
        fields.forEach((name, value) -> {
            if (body.charAt(body.length() - 1) != '{') {
                body.append(',');
            }
            body.append('"').append(name).append("\":\"").append(value).append('"');
        });
        body.append('}');
    }

    private String line(int i) {
        long n = counter.incrementAndGet();
        return "{\"@timestamp\":\"" + Instant.now() + "\",\"log\":{\"level\":\"" + (i % 20 == 0 ? "ERROR" : "INFO")
                + "\"},\"message\":\"GET /api/v1/dramas/" + n + " 200\",\"kubernetes\":{\"namespace\":\"short-drama-" + (n % 100) + "\","
                + "\"pod\":{\"name\":\"short-drama-api-7f9c6d-x2k4p\"}},\"service\":{\"name\":\"short-drama-api\"},"
                + "\"response_time\":" + (n % 3000) + ",\"user_id\":\"" + (n % 100_000) + "\",\"request_id\":\"req-" + n + "\"}";
    }
}
