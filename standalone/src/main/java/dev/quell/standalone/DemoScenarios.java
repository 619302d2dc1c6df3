package dev.quell.standalone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One scenario per seed system (shared/seeds): its alerts as Alertmanager sends them, its logs as
 * a shipper sends them, and the incident each should become.
 */
final class DemoScenarios {

    /** What one scenario sends, and the correlation key and severity of the incident it should make. */
    record Scenario(String system, List<String> webhooks, String ndjsonLogs, List<Expected> expected) {
    }

    record Expected(String correlationKey, String severity) {
    }

    private DemoScenarios() {
    }

    static List<Scenario> all(Instant now) {
        String t = now.toString();
        return List.of(
                new Scenario("DPA (docker compose): the connection pool runs out",
                        List.of(webhook(t, alert("DatabasePoolExhausted", "critical", "\"job\":\"dpa-api\"",
                                "数据库连接池即将耗尽"))),
                        log(t, "-", "dpa-api", "ERROR",
                                "sqlalchemy.exc.TimeoutError: QueuePool limit of size 20 overflow 10 reached, FATAL: sorry, too many clients already"),
                        List.of(new Expected("-/dpa-api", "P1"))),
                new Scenario("ONE-DATA-STUDIO (Kubernetes): agent-api is down, and slow before it",
                        List.of(webhook(t, alert("HighLatency", "warning",
                                        "\"namespace\":\"one-data-system\",\"job\":\"agent-api\"", "P95 延迟超过 500ms")
                                        + "," + alert("ServiceDown", "critical",
                                        "\"namespace\":\"one-data-system\",\"job\":\"agent-api\"", "服务 agent-api 不可用")),
                                webhook(t, alert("LowGPUUtilization", "info",
                                        "\"namespace\":\"one-data-system\",\"job\":\"training\"", "GPU 利用率低"))),
                        "",
                        List.of(new Expected("one-data-system/agent-api", "P0"),
                                new Expected("one-data-system/training", "P3"))),
                new Scenario("Self-RAG pipeline (ELK): errors climb",
                        List.of(webhook(t, alert("HighErrorRate", "warning",
                                "\"namespace\":\"self-rag\",\"service\":\"rag-pipeline\"", "错误率超过 5%"))),
                        errors(t, 25),
                        List.of(new Expected("self-rag/rag-pipeline", "P1"))),
                new Scenario("short-drama (Kubernetes): a crash loop, and Redis out of memory",
                        List.of(),
                        log(t, "short-drama-prod", "short-drama-api", "WARN",
                                "Back-off restarting failed container api in pod short-drama-api-7f9c6d-x2k4p (CrashLoopBackOff)")
                                + log(t, "short-drama-prod", "redis", "ERROR",
                                "OOM command not allowed when used memory > 'maxmemory'."),
                        List.of(new Expected("short-drama-prod/short-drama-api", "P1"),
                                new Expected("short-drama-prod/redis", "P2"))),
                new Scenario("COT Studio (docker compose): busy workers, and the database gone",
                        List.of(webhook(t, alert("HighCPUUsage", "warning", "\"job\":\"cot-studio\"", "CPU 使用率超过 80%")
                                        + "," + alert("HighMemoryUsage", "warning", "\"job\":\"cot-studio\"", "内存使用率超过 85%")),
                                webhook(t, alert("DatabaseConnectionFailed", "critical", "\"job\":\"postgres\"",
                                        "数据库连接失败"))),
                        "",
                        List.of(new Expected("-/cot-studio", "P2"), new Expected("-/postgres", "P0"))));
    }

    private static String webhook(String startsAt, String alerts) {
        return ("{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"quell\",\"groupKey\":\"{}:{}\","
                + "\"externalURL\":\"http://alertmanager:9093\",\"alerts\":[" + alerts + "]}").replace("STARTS_AT", startsAt);
    }

    private static String alert(String name, String severity, String labels, String summary) {
        return "{\"status\":\"firing\",\"startsAt\":\"STARTS_AT\",\"endsAt\":\"0001-01-01T00:00:00Z\","
                + "\"labels\":{\"alertname\":\"" + name + "\",\"severity\":\"" + severity + "\"," + labels + "},"
                + "\"annotations\":{\"summary\":\"" + summary + "\"}}";
    }

    private static String log(String at, String namespace, String service, String level, String message) {
        return "{\"@timestamp\":\"" + at + "\",\"log.level\":\"" + level + "\",\"message\":\""
                + message.replace("\"", "\\\"") + "\",\"kubernetes.namespace\":\"" + namespace
                + "\",\"service.name\":\"" + service + "\"}\n";
    }

    /** The seeds' structured JSON log lines (request_id, tenant_id, duration_ms), failing. */
    private static String errors(String at, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("{\"timestamp\":\"" + at + "\",\"level\":\"ERROR\",\"logger\":\"app.services.query\","
                    + "\"message\":\"[RETRIEVAL] hybrid 检索失败: upstream timeout\",\"request_id\":\"req-" + i
                    + "\",\"tenant_id\":\"tenant_001\",\"duration_ms\":" + (5000 + i)
                    + ",\"kubernetes\":{\"pod_namespace\":\"self-rag\"},\"service\":\"rag-pipeline\"}");
        }
        return String.join("\n", lines) + "\n";
    }
}
