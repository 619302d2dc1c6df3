package dev.quell.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewestFirstTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    private static Incident updatedAt(String id, long second, Severity severity) {
        return new Incident(id, 1, "prod/" + id, IncidentStatus.OPEN, severity, List.of(), T0.plusSeconds(3600), false,
                T0, T0.plusSeconds(second), null, List.of(), List.of(), false);
    }

    private final List<Incident> store = List.of(updatedAt("a", 5, Severity.P1), updatedAt("b", 9, Severity.P3),
            updatedAt("c", 1, Severity.P1), updatedAt("d", 7, Severity.P1), updatedAt("e", 3, Severity.P2));

    @Test
    void shouldKeepTheMostRecentlyUpdatedUpToTheLimitNewestFirstAndSayMoreMatched() {
        NewestFirst found = NewestFirst.of(store.iterator(), incident -> true, 3);

        assertThat(found.incidents()).extracting(Incident::id).containsExactly("b", "d", "a");
        assertThat(found.truncated()).isTrue();
    }

    @Test
    void shouldFilterBeforeLimitingAndNotSayTruncatedWhenAllFit() {
        NewestFirst found = NewestFirst.of(store.iterator(), incident -> incident.severity() == Severity.P1, 3);

        assertThat(found.incidents()).extracting(Incident::id).containsExactly("d", "a", "c");
        assertThat(found.truncated()).as("exactly the limit matched").isFalse();
    }

    @Test
    void shouldOrderIncidentsUpdatedAtTheSameInstantByIdSoPagesAreStable() {
        List<Incident> tied = List.of(updatedAt("y", 5, Severity.P1), updatedAt("x", 5, Severity.P1),
                updatedAt("z", 5, Severity.P1));

        assertThat(NewestFirst.of(tied.iterator(), incident -> true, 2).incidents()).extracting(Incident::id)
                .containsExactly("z", "y");
    }
}
