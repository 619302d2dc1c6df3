package dev.quell.indexer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Log lines as the seeds' short-drama service ships them (Filebeat with Kubernetes metadata, the
 * app's JSON fields at the root): mixed namespaces, levels, response times and users, so each of
 * the seeds' Kibana queries has documents it must find and documents it must not.
 */
final class LogFixture {

    private LogFixture() {
    }

    /** request_id, namespace, service, level, response_time, user_id. */
    static List<ObjectNode> seedsShortDrama() {
        List<ObjectNode> lines = new ArrayList<>();
        lines.add(line("r01", "short-drama-prod", "short-drama-api", "ERROR", 350, "12345"));
        lines.add(line("r02", "short-drama-prod", "short-drama-api", "ERROR", 2600, "999"));
        lines.add(line("r03", "short-drama-prod", "short-drama-api", "INFO", 2100, "12345"));
        lines.add(line("r04", "short-drama-prod", "short-drama-api", "INFO", 120, "12345"));
        lines.add(line("r05", "short-drama-prod", "short-drama-api", "WARN", 5000, "777"));
        lines.add(line("r06", "short-drama-prod", "short-drama-api", "INFO", 2000, "777"));      // not > 2000
        lines.add(line("r07", "short-drama-prod", "short-drama-api", "INFO", 80, "123456"));     // not user 12345
        lines.add(line("r08", "short-drama-staging", "short-drama-api", "ERROR", 3000, "12345"));
        lines.add(line("r09", "short-drama-prod", "short-drama-worker", "ERROR", 90, "555"));
        lines.add(line("r10", "short-drama-staging", "short-drama-api", "INFO", 2500, "12345"));
        lines.add(line("r11", "self-rag", "rag-pipeline", "ERROR", 4000, "12345"));
        return lines;
    }

    static ObjectNode line(String requestId, String namespace, String service, String level, int responseTime,
                           String userId) {
        String second = "%02d".formatted(Math.floorMod(requestId.hashCode(), 60));
        return line(requestId, "2026-11-22T07:59:" + second + ".000Z", namespace, service, level, responseTime, userId);
    }

    static ObjectNode lineAt(String requestId, String timestamp, String namespace, String level, int responseTime,
                             String userId) {
        return line(requestId, timestamp, namespace, "short-drama-api", level, responseTime, userId);
    }

    /** A line whose {@code user} field is the given JSON: a string in one document and an object in another conflict. */
    static ObjectNode withUser(String requestId, String userJson) {
        ObjectNode line = line(requestId, "conflict-ns", "short-drama-api", "INFO", 10, "1");
        try {
            line.set("user", Json.mapper().readTree(userJson));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        return line;
    }

    private static ObjectNode line(String requestId, String timestamp, String namespace, String service, String level,
                                   int responseTime, String userId) {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("@timestamp", timestamp);
        line.put("message", level.equals("ERROR") ? "request failed: upstream timeout" : "request served");
        line.put("level", level);
        line.putObject("log").put("level", level);
        line.put("response_time", responseTime);
        line.put("user_id", userId);
        line.put("request_id", requestId);
        line.putObject("service").put("name", service);
        ObjectNode kubernetes = line.putObject("kubernetes");
        kubernetes.put("namespace", namespace);
        kubernetes.putObject("pod").put("name", service + "-6f7c9d-x2x9k");
        return line;
    }
}
