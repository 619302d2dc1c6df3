package dev.quell.schemas.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.TestPayloads;
import dev.quell.schemas.alertmanager.AlertmanagerWebhookParser;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.ecs.LogEvents;
import dev.quell.schemas.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One realistic event of each type, taken from the seeds' systems. */
public final class SampleEvents {

    public static final Instant NOW = Instant.parse("2026-11-20T08:16:00.250Z");

    private SampleEvents() {
    }

    /** ServiceDown of agent-api (ONE-DATA-STUDIO), from the webhook payload. */
    public static AlertEvent serviceDown() {
        try {
            return new AlertmanagerWebhookParser().parse(TestPayloads.bytes("alertmanager-two-alerts.json"))
                    .toAlertEvents(CorrelationKeys.defaults(), NOW).get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Self-RAG pipeline's structured JSON log line, with request_id, tenant_id, duration_ms. */
    public static LogEvent ragPipelineLog() {
        try {
            ObjectNode document = (ObjectNode) Json.mapper().readTree(TestPayloads.bytes("rag-pipeline-log.json"));
            return LogEvents.fromEcs(document, CorrelationKeys.defaults(), NOW, "");
        } catch (IOException | dev.quell.schemas.json.PayloadException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The short-drama tool's pool-exhausted incident, P1 by the seeds' policy. */
    public static Incident poolExhaustedIncident() {
        Instant opened = Instant.parse("2026-11-20T08:12:00Z");
        return new Incident(
                "inc-short-drama-prod-api-20261120T081200Z",
                3,
                "short-drama-prod/short-drama-api",
                IncidentStatus.OPEN,
                Severity.P1,
                List.of(new Incident.SeverityReason("database-pool-exhausted",
                        "alert DatabasePoolExhausted (severity=critical) is firing")),
                opened.plus(java.time.Duration.ofHours(1)),
                false,
                opened,
                NOW,
                null,
                List.of(new Incident.Alert("2221874123c63b4d", "DatabasePoolExhausted", AlertStatus.FIRING,
                        Map.of("alertname", "DatabasePoolExhausted", "severity", "critical",
                                "namespace", "short-drama-prod", "service", "short-drama-api"),
                        opened, false)),
                List.of(new Incident.LogSignal("too-many-connections", 42, opened.minusSeconds(30), NOW,
                        "FATAL: sorry, too many clients already")),
                false);
    }

    /** The planned kill of idle PostgreSQL connections for that incident. */
    public static RemediationEvent killIdleConnectionsPlanned() {
        return new RemediationEvent(
                RemediationEvent.SPEC_VERSION,
                "0b6c2a8e-3f1d-4e2a-9a7c-5d8e9f0a1b2c",
                "/quell/remediator",
                RemediationPhase.PLANNED.cloudEventType(),
                "postgres/short-drama-db",
                NOW,
                RemediationEvent.CONTENT_TYPE,
                new RemediationEvent.Data("inc-short-drama-prod-api-20261120T081200Z", 3,
                        "pool-exhausted-kill-idle", "postgres.kill-idle-connections", "postgres/short-drama-db",
                        "dry-run", "connections idle longer than 5 minutes", null,
                        new RemediationEvent.Budget(1, 3, "PT1H")));
    }

    public static LedgerEntry ledgerForShortDramaDb() {
        return new LedgerEntry("postgres/short-drama-db",
                List.of(new LedgerEntry.ActionRecord(NOW.minusSeconds(600), "pool-exhausted-kill-idle",
                        "inc-short-drama-prod-api-20261120T081200Z/pool-exhausted-kill-idle/3",
                        "inc-short-drama-prod-api-20261120T081200Z", "verified")),
                NOW.plusSeconds(300), List.of("inc-short-drama-prod-api-20261120T081200Z/pool-exhausted-kill-idle/3"), 0,
                null, null, NOW, List.of(new LedgerEntry.ApprovalRequest("0b6c2a8e-3f1d-4e2a-9a7c-5d8e9f0a1b2c",
                        "inc-short-drama-prod-api-20261120T081200Z/pool-exhausted-restart-api/3", "pool-exhausted-restart-api",
                        NOW, NOW.plusSeconds(1800), poolExhaustedIncident())));
    }

    public static RemediationPlan poolExhaustedPlan() {
        return new RemediationPlan("postgres/short-drama-db", "pool-exhausted-kill-idle", poolExhaustedIncident());
    }

    public static RemediationPlan approvalForwarded() {
        return new RemediationPlan("postgres/short-drama-db", "pool-exhausted-restart-api", poolExhaustedIncident(),
                new RemediationPlan.Answer("0b6c2a8e-3f1d-4e2a-9a7c-5d8e9f0a1b2c", true,
                        "the on-call engineer at 10.0.0.7"));
    }

    /** A gzip header and some deflate bytes: not UTF-8, so kept as base64. */
    public static DeadLetter binaryLogs() {
        return DeadLetter.of("ingest.logs", "415 Content-Encoding zstd is not one Quell decodes",
                new byte[] {(byte) 0x28, (byte) 0xB5, (byte) 0x2F, (byte) 0xFD, 0x00, (byte) 0x80, (byte) 0xFF, 0x7B},
                "127.0.0.1", NOW);
    }

    public static DeadLetter truncatedWebhook() {
        return DeadLetter.of("ingest.webhook", "/alerts: malformed JSON: Unexpected end-of-input",
                "{\"status\":\"firing\",\"alerts\":[".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "127.0.0.1", NOW);
    }
}
