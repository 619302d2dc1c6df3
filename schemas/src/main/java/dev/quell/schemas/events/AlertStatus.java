package dev.quell.schemas.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An alert's state as Alertmanager reports it. */
public enum AlertStatus {
    @JsonProperty("firing") FIRING,
    @JsonProperty("resolved") RESOLVED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
