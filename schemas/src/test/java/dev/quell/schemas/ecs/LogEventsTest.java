package dev.quell.schemas.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.json.PayloadException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogEventsTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-20T08:00:00Z");

    @Test
    void shouldReadDottedAndNestedEcsFieldsAlike() throws Exception {
        ObjectNode dotted = doc("""
                {"@timestamp":"2026-11-20T07:59:59.5Z","log.level":"ERROR","message":"too many connections",
                 "service.name":"api","kubernetes.namespace":"short-drama-prod","kubernetes.pod.name":"api-7f9c",
                 "kubernetes.container.name":"api","host.name":"node-3","trace.id":"t1"}""");
        ObjectNode nested = doc("""
                {"@timestamp":"2026-11-20T07:59:59.5Z","log":{"level":"ERROR"},"message":"too many connections",
                 "service":{"name":"api"},"kubernetes":{"namespace":"short-drama-prod","pod":{"name":"api-7f9c"},
                 "container":{"name":"api"}},"host":{"name":"node-3"},"trace":{"id":"t1"}}""");

        LogEvent fromDotted = LogEvents.fromEcs(dotted, CorrelationKeys.defaults(), RECEIVED, "");
        LogEvent fromNested = LogEvents.fromEcs(nested, CorrelationKeys.defaults(), RECEIVED, "");

        assertThat(fromNested).usingRecursiveComparison().ignoringFields("original").isEqualTo(fromDotted);
        assertThat(fromDotted.level()).isEqualTo("ERROR");
        assertThat(fromDotted.podName()).isEqualTo("api-7f9c");
        assertThat(fromDotted.correlationKey()).isEqualTo("short-drama-prod/api");
        assertThat(fromDotted.timestamp()).isEqualTo(Instant.parse("2026-11-20T07:59:59.5Z"));
        assertThat(fromNested.original()).isSameAs(nested);
    }

    @Test
    void shouldReadMixedNestingAsSomeShippersWriteIt() throws Exception {
        ObjectNode mixed = doc("{\"kubernetes\":{\"pod.name\":\"p1\",\"namespace\":\"ns\"},\"service.name\":\"s\"}");

        LogEvent log = LogEvents.fromEcs(mixed, CorrelationKeys.defaults(), RECEIVED, "");

        assertThat(log.podName()).isEqualTo("p1");
        assertThat(log.correlationKey()).isEqualTo("ns/s");
    }

    @Test
    void shouldUseTheReceiveTimeWhenTheDocumentHasNoTimestamp() throws Exception {
        LogEvent log = LogEvents.fromEcs(doc("{\"message\":\"hi\"}"), CorrelationKeys.defaults(), RECEIVED, "");

        assertThat(log.timestamp()).isEqualTo(RECEIVED);
        assertThat(log.correlationKey()).isEqualTo("-/-");
    }

    @Test
    void shouldKeepOnlyScalarLabels() throws Exception {
        LogEvent log = LogEvents.fromEcs(doc("{\"labels\":{\"tenant_id\":\"t1\",\"n\":3,\"obj\":{}}}"),
                CorrelationKeys.defaults(), RECEIVED, "");

        assertThat(log.labels()).containsOnlyKeys("tenant_id", "n").containsEntry("n", "3");
    }

    @Test
    void shouldNameABadTimestampByItsPlaceInTheRequest() throws Exception {
        PayloadException error = catchThrowableOfType(PayloadException.class, () -> LogEvents.fromEcs(
                doc("{\"@timestamp\":\"04/12/2024\"}"), CorrelationKeys.defaults(), RECEIVED, "/7"));

        assertThat(error.pointer()).isEqualTo("/7/@timestamp");
    }

    private static ObjectNode doc(String json) throws Exception {
        return (ObjectNode) Json.mapper().readTree(json);
    }
}
