package dev.quell.standalone;

import static dev.quell.standalone.CommandRun.quell;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code quell incidents} against streams instances that each hold some incidents (stand-ins
 * answering as the incidents API does): one list, newest first, and an instance it could not ask named.
 */
class IncidentCommandsTest {

    private static String incident(String id, String key, String severity, String updatedAt) {
        return """
                {"id":"%s","version":1,"correlationKey":"%s","status":"open","severity":"%s","severityReasons":[],
                 "updatedAt":"%s","alerts":[{"alertname":"X","status":"firing"},{"alertname":"Y","status":"resolved"}]}
                """.formatted(id, key, severity, updatedAt);
    }

    @Test
    void shouldListTheIncidentsOfEveryInstanceNewestFirstAndNameAnInstanceItCouldNotAsk() throws Exception {
        try (StandInQuell second = StandInQuell.start().answer("/api/v1/incidents", 200, "application/json",
                "{\"incidents\":[" + incident("inc-b", "shop/api", "P0", "2026-11-20T08:00:00.84Z")
                        + "],\"truncated\":true,\"otherInstances\":[]}");
             StandInQuell first = StandInQuell.start().answer("/api/v1/incidents", 200, "application/json",
                     "{\"incidents\":[" + incident("inc-a", "dpa/dpa-api", "P1", "2026-11-20T08:00:00.8Z")
                             + "],\"truncated\":false,\"otherInstances\":[\"" + second.url() + "\",\"http://127.0.0.1:1\"]}")) {
            CommandRun run = quell("incidents", "--url", first.url());

            assertThat(run.exit()).as("an instance missing: not the whole answer").isEqualTo(1);
            assertThat(run.out().lines().filter(line -> line.startsWith("P")).map(line -> line.split(" +")[2]))
                    .as("newest first, by time, not by text (.84 after .8)").containsExactly("shop/api", "dpa/dpa-api");
            assertThat(run.out()).contains("1/2", "2 incident(s); more matched: raise --limit");
            assertThat(run.err()).isEqualTo("not listed: the incidents of http://127.0.0.1:1 (connection refused)"
                    + System.lineSeparator());
        }
    }
}
