package dev.quell.schemas.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.json.PayloadProblem;
import dev.quell.schemas.topics.Topics;
import org.junit.jupiter.api.Test;

class SchemaViolationTest {

    private final Topics topics = Topics.defaults();

    @Test
    void shouldNameAnUnknownSeverityByPointer() {
        ObjectNode incident = toTree(topics.incidents().valueSerde().serializer()
                .serialize("t", SampleEvents.poolExhaustedIncident()));
        incident.put("severity", "P5");

        assertThat(topics.incidents().validator().problems(incident))
                .extracting(PayloadProblem::pointer).containsExactly("/severity");
    }

    @Test
    void shouldNameAMissingNestedField() {
        ObjectNode event = toTree(topics.remediations().valueSerde().serializer()
                .serialize("t", SampleEvents.killIdleConnectionsPlanned()));
        ((ObjectNode) event.get("data")).remove("incidentId");

        assertThat(topics.remediations().validator().problems(event))
                .containsExactly(new PayloadProblem("/data/incidentId", "is required"));
    }

    @Test
    void shouldRefuseAFingerprintThatIsNotSixteenHexDigits() {
        ObjectNode alert = toTree(topics.alerts().valueSerde().serializer().serialize("t", SampleEvents.serviceDown()));
        alert.put("fingerprint", "not-a-hash");

        assertThat(topics.alerts().validator().problems(alert))
                .extracting(PayloadProblem::pointer).containsExactly("/fingerprint");
    }

    @Test
    void shouldRefuseALogTimestampThatIsNotADateTime() {
        ObjectNode log = toTree(topics.logs().valueSerde().serializer().serialize("t", SampleEvents.ragPipelineLog()));
        log.put("@timestamp", "yesterday");

        assertThat(topics.logs().validator().problems(log))
                .extracting(PayloadProblem::pointer).containsExactly("/@timestamp");
    }

    private static ObjectNode toTree(byte[] json) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            return (ObjectNode) node;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
