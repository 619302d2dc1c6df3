package dev.quell.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.json.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The incidents one query of {@code GET /api/v1/incidents} finds on every streams instance of a
 * running Quell — each instance holds some; the first names the others — the most recently
 * updated first.
 *
 * @param refusal   the first instance's answer when it was not 200 (then nothing else is set)
 * @param truncated whether an instance had more than the query's limit
 * @param notListed each other instance that did not answer, and why
 */
record IncidentListing(HttpResponse<String> refusal, List<JsonNode> incidents, boolean truncated, List<String> notListed) {

    /** {@code query}: the query string, {@code ?status=open&limit=100} say. */
    static IncidentListing fetch(RemoteCall remote, String query) throws IOException {
        HttpResponse<String> answer = remote.send("GET", "/api/v1/incidents" + query, null, null);
        if (answer.statusCode() != 200) {
            return new IncidentListing(answer, List.of(), false, List.of());
        }
        JsonNode first = Json.mapper().readTree(answer.body());
        List<JsonNode> incidents = new ArrayList<>();
        first.path("incidents").forEach(incidents::add);
        boolean truncated = first.path("truncated").asBoolean();
        List<String> notListed = new ArrayList<>();
        for (JsonNode instance : first.path("otherInstances")) {
            HttpResponse<String> other;
            try {
                other = remote.sendTo(instance.asText(), "/api/v1/incidents" + query);
            } catch (IOException e) {
                notListed.add(instance.asText() + " (" + RemoteCall.why(e) + ")");
                continue;
            }
            if (other.statusCode() != 200) {
                notListed.add(instance.asText() + " (it answered " + other.statusCode() + ")");
                continue;
            }
            JsonNode more = Json.mapper().readTree(other.body());
            more.path("incidents").forEach(incidents::add);
            truncated |= more.path("truncated").asBoolean();
        }
        incidents.sort(Comparator.comparing((JsonNode incident) -> IncidentCommands.instant(incident.path("updatedAt")))
                .reversed());
        return new IncidentListing(null, incidents, truncated, notListed);
    }
}
