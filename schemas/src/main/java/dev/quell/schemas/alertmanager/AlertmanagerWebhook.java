package dev.quell.schemas.alertmanager;

import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.AlertStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An Alertmanager webhook notification, format version 4 (Alertmanager's
 * {@code notify/webhook} {@code Message}). Read it with {@link AlertmanagerWebhookParser}.
 *
 * @param truncatedAlerts how many alerts Alertmanager left out because of the receiver's {@code max_alerts}
 */
public record AlertmanagerWebhook(
        String version,
        String groupKey,
        int truncatedAlerts,
        AlertStatus status,
        String receiver,
        Map<String, String> groupLabels,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        String externalURL,
        List<Alert> alerts) {

    public AlertmanagerWebhook {
        groupLabels = groupLabels == null ? Map.of() : Map.copyOf(groupLabels);
        commonLabels = commonLabels == null ? Map.of() : Map.copyOf(commonLabels);
        commonAnnotations = commonAnnotations == null ? Map.of() : Map.copyOf(commonAnnotations);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    /**
     * One alert of the notification.
     *
     * @param endsAt      {@code null} while firing (Alertmanager sends the zero time {@code 0001-01-01T00:00:00Z})
     * @param fingerprint as sent, or computed from the labels when the payload had none
     */
    public record Alert(
            AlertStatus status,
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            Instant endsAt,
            String generatorURL,
            String fingerprint) {

        public Alert {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        }
    }

    /** One {@link AlertEvent} per alert, keyed by correlation key, stamped with the group's details. */
    public List<AlertEvent> toAlertEvents(CorrelationKeys keys, Instant receivedAt) {
        return alerts.stream()
                .map(alert -> new AlertEvent(
                        alert.fingerprint(),
                        keys.forAlertLabels(alert.labels()),
                        alert.labels().getOrDefault("alertname", ""),
                        alert.status(),
                        alert.labels(),
                        alert.annotations(),
                        alert.startsAt(),
                        alert.endsAt(),
                        alert.generatorURL(),
                        receiver,
                        groupKey,
                        externalURL,
                        receivedAt))
                .toList();
    }
}
