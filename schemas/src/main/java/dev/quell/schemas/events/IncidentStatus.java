package dev.quell.schemas.events;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum IncidentStatus {
    @JsonProperty("open") OPEN,
    @JsonProperty("resolved") RESOLVED
}
