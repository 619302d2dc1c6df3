package dev.quell.schemas.events;

import java.time.Instant;
import java.util.Map;

/**
 * One alert out of an Alertmanager webhook, as ingest produces it to {@code quell.alerts.v1}.
 *
 * @param fingerprint    Alertmanager's label-set hash (16 hex digits); computed the same way when the payload lacks it
 * @param correlationKey {@code namespace/service}, the record key
 * @param alertname      the {@code alertname} label
 * @param endsAt         when the alert resolved; {@code null} while it is firing (Alertmanager's zero time)
 * @param receiver       the Alertmanager receiver that sent the webhook
 * @param groupKey       the Alertmanager group the alert came in
 * @param externalURL    the sending Alertmanager's URL
 * @param receivedAt     when ingest received the webhook
 */
public record AlertEvent(
        String fingerprint,
        String correlationKey,
        String alertname,
        AlertStatus status,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorURL,
        String receiver,
        String groupKey,
        String externalURL,
        Instant receivedAt) {

    public AlertEvent {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}
