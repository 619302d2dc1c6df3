package dev.quell.schemas.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IncidentIdsTest {

    @Test
    void shouldCarryTheCorrelationKeyInAUrlSafeId() {
        String id = IncidentIds.of("short-drama-prod/api:8000", Instant.parse("2026-11-20T08:00:00Z"));

        assertThat(id).startsWith("inc-").matches("[A-Za-z0-9_-]+").endsWith("-1795161600000");
        assertThat(IncidentIds.correlationKeyOf(id)).isEqualTo("short-drama-prod/api:8000");
    }

    @Test
    void shouldRefuseWhatIsNotAnIncidentId() {
        assertThatThrownBy(() -> IncidentIds.correlationKeyOf("nonsense")).hasMessageContaining("not an incident id");
        assertThatThrownBy(() -> IncidentIds.correlationKeyOf("inc-!!!-12")).hasMessageContaining("not an incident id");
        assertThatThrownBy(() -> IncidentIds.correlationKeyOf("inc-abc-notanumber")).hasMessageContaining("not an incident id");
        assertThatThrownBy(() -> IncidentIds.correlationKeyOf(null)).hasMessageContaining("not an incident id");
    }
}
