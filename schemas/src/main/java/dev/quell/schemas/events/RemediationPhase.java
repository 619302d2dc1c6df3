package dev.quell.schemas.events;

import java.util.Locale;

/** A step of a remediation, published as CloudEvents type {@code dev.quell.remediation.<phase>}. */
public enum RemediationPhase {
    PLANNED, SKIPPED, AWAITING_APPROVAL, STARTED, SUCCEEDED, FAILED, VERIFIED, ESCALATED;

    public static final String TYPE_PREFIX = "dev.quell.remediation.";

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String cloudEventType() {
        return TYPE_PREFIX + wireName();
    }

    /** The phase a CloudEvents {@code type} names; throws for a type that is not a remediation phase. */
    public static RemediationPhase fromCloudEventType(String type) {
        if (type == null || !type.startsWith(TYPE_PREFIX)) {
            throw new IllegalArgumentException("not a remediation event type: " + type);
        }
        return valueOf(type.substring(TYPE_PREFIX.length()).toUpperCase(Locale.ROOT));
    }
}
