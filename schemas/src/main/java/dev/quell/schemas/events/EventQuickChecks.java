package dev.quell.schemas.events;

import static dev.quell.schemas.validation.JsonChecks.absentOrStrings;
import static dev.quell.schemas.validation.JsonChecks.absentOrText;
import static dev.quell.schemas.validation.JsonChecks.absentOrTime;
import static dev.quell.schemas.validation.JsonChecks.isCorrelationKey;
import static dev.quell.schemas.validation.JsonChecks.isFingerprint;
import static dev.quell.schemas.validation.JsonChecks.isOneOf;
import static dev.quell.schemas.validation.JsonChecks.isStrings;
import static dev.quell.schemas.validation.JsonChecks.isText;
import static dev.quell.schemas.validation.JsonChecks.isTime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.validation.QuickCheck;

/**
 * {@link QuickCheck}s for the two input topics the incident topology reads every record of
 * ({@code alert-event.schema.json}, {@code log-event.schema.json}): the schema validator was ~7 %
 * of the stream thread. Held to their schemas by {@code EventQuickChecksTest}.
 */
public final class EventQuickChecks {

    private EventQuickChecks() {
    }

    /** {@code alert-event.schema.json} surely holds. */
    public static boolean alertEvent(JsonNode event) {
        return event.isObject()
                && isFingerprint(event.get("fingerprint"))
                && isCorrelationKey(event.get("correlationKey"))
                && isText(event.get("alertname"))
                && isOneOf(event.get("status"), "firing", "resolved")
                && isStrings(event.get("labels"))
                && absentOrStrings(event.get("annotations"))
                && isTime(event.get("startsAt"))
                && absentOrTime(event.get("endsAt"))
                && absentOrText(event.get("generatorURL"))
                && absentOrText(event.get("receiver"))
                && absentOrText(event.get("groupKey"))
                && absentOrText(event.get("externalURL"))
                && isTime(event.get("receivedAt"));
    }

    /** {@code log-event.schema.json} surely holds. */
    public static boolean logEvent(JsonNode event) {
        JsonNode original = event.get("original");
        return event.isObject()
                && isTime(event.get("@timestamp"))
                && isCorrelationKey(event.get("correlationKey"))
                && isTime(event.get("receivedAt"))
                && original != null && original.isObject()
                && absentOrText(event.get("message"))
                && absentOrText(event.get("log.level"))
                && absentOrText(event.get("service.name"))
                && absentOrText(event.get("host.name"))
                && absentOrText(event.get("kubernetes.namespace"))
                && absentOrText(event.get("kubernetes.pod.name"))
                && absentOrText(event.get("kubernetes.container.name"))
                && absentOrText(event.get("trace.id"))
                && absentOrStrings(event.get("labels"));
    }
}
