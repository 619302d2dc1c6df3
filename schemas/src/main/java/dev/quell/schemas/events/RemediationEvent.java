package dev.quell.schemas.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One step of a remediation on {@code quell.remediations.v1}: a CloudEvents 1.0 event in
 * structured JSON mode (the attributes and {@code data} in one JSON object).
 *
 * @param subject the target the action is about
 */
public record RemediationEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        Data data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public RemediationEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
    }

    /** A new event with a random id, for the given phase. */
    public static RemediationEvent of(RemediationPhase phase, String source, Instant time, Data data) {
        return new RemediationEvent(SPEC_VERSION, UUID.randomUUID().toString(), source, phase.cloudEventType(),
                data.target(), time, CONTENT_TYPE, data);
    }

    @JsonIgnore
    public RemediationPhase phase() {
        return RemediationPhase.fromCloudEventType(type);
    }

    /**
     * What happened.
     *
     * @param incidentVersion the incident version that triggered the remediation
     * @param mode            {@code enforce}, {@code dry-run} or {@code approval}
     * @param reason          why this step happened (a skip's reason, a failure's cause)
     * @param outcome         what the action did or found, in words
     * @param budget          the target's action budget after this step, when one applies
     */
    public record Data(
            String incidentId,
            long incidentVersion,
            String playbook,
            String action,
            String target,
            String mode,
            String reason,
            String outcome,
            Budget budget) {
    }

    /** Actions used of the allowed number within a window (ISO-8601 duration, e.g. {@code PT1H}). */
    public record Budget(int used, int limit, String window) {
    }
}
