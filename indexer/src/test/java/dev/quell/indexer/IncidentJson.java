package dev.quell.indexer;

/** An incident version as the streams service writes it on {@code quell.incidents.v1}. */
final class IncidentJson {

    private IncidentJson() {
    }

    static String of(String id, long version, String severity) {
        return """
                {"id":"%s","version":%d,"correlationKey":"short-drama-prod/short-drama-api","status":"open",
                 "severity":"%s","severityReasons":[{"rule":"service-down","detail":"ServiceDown firing"}],
                 "respondBy":"2026-11-22T08:15:00Z","slaBreached":false,"openedAt":"2026-11-22T08:00:00Z",
                 "updatedAt":"2026-11-22T08:0%d:00Z","alerts":[{"fingerprint":"0123456789abcdef","alertname":"ServiceDown",
                 "status":"firing","labels":{"alertname":"ServiceDown","namespace":"short-drama-prod"},
                 "startsAt":"2026-11-22T08:00:00Z","inhibited":false}],"logSignals":[],"flapping":false}
                """.formatted(id, version, severity, version % 10);
    }
}
