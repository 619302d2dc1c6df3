package dev.quell.ingest.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.json.Json;
import org.junit.jupiter.api.Test;

class ShippedLogFieldsTest {

    private static ShippedLogFields fields(String json) throws Exception {
        return new ShippedLogFields((ObjectNode) Json.mapper().readTree(json));
    }

    @Test
    void shouldPreferTheEcsFieldOverAFlatOne() throws Exception {
        ShippedLogFields log = fields("{\"log\":{\"level\":\"WARN\"},\"level\":\"ERROR\",\"message\":\"m\",\"msg\":\"x\"}");

        assertThat(log.apply("log.level")).isEqualTo("WARN");
        assertThat(log.apply("message")).isEqualTo("m");
    }

    @Test
    void shouldMapFluentBitKubernetesMetadata() throws Exception {
        ShippedLogFields log = fields("""
                {"log":"boom","kubernetes":{"namespace_name":"ns","pod_name":"p","container_name":"c","host":"n1",
                 "labels":{"app":"api"}}}""");

        assertThat(log.apply("message")).isEqualTo("boom");
        assertThat(log.apply("kubernetes.namespace")).isEqualTo("ns");
        assertThat(log.apply("kubernetes.pod.name")).isEqualTo("p");
        assertThat(log.apply("kubernetes.container.name")).isEqualTo("c");
        assertThat(log.apply("host.name")).isEqualTo("n1");
        assertThat(log.apply("kubernetes.labels.app")).isEqualTo("api");
    }

    @Test
    void shouldMapVectorKubernetesMetadataAndDottedLabelNames() throws Exception {
        ShippedLogFields log = fields("""
                {"message":"m","kubernetes":{"pod_namespace":"ns","pod_node_name":"n2",
                 "pod_labels":{"app.kubernetes.io/name":"rag"}}}""");

        assertThat(log.apply("kubernetes.namespace")).isEqualTo("ns");
        assertThat(log.apply("host.name")).isEqualTo("n2");
        assertThat(log.apply("kubernetes.labels.app")).isEqualTo("rag");
    }

    @Test
    void shouldStripDockersLeadingSlashFromContainerNames() throws Exception {
        assertThat(fields("{\"container_name\":\"/dpa-api\"}").apply("kubernetes.container.name")).isEqualTo("dpa-api");
    }

    @Test
    void shouldConvertFlatTimesToRfc3339() throws Exception {
        assertThat(fields("{\"date\":1795162290.25}").apply("@timestamp")).isEqualTo("2026-11-20T08:11:30.250Z");
        assertThat(fields("{\"ts\":1795162290250}").apply("@timestamp")).isEqualTo("2026-11-20T08:11:30.250Z");
        assertThat(fields("{\"time\":\"2026-11-20T16:11:30+08:00\"}").apply("@timestamp"))
                .isEqualTo("2026-11-20T08:11:30Z");
        assertThat(fields("{\"timestamp\":\"1795162290\"}").apply("@timestamp")).isEqualTo("2026-11-20T08:11:30Z");
    }

    @Test
    void shouldIgnoreAFlatTimeItCannotRead() throws Exception {
        assertThat(fields("{\"timestamp\":\"2024-12-04 03:00:00,123\"}").apply("@timestamp")).isNull();
    }

    @Test
    void shouldIgnoreAFlatTimeOutsideTheYearsAnEventCanCarryAndTryTheNextField() throws Exception {
        assertThat(fields("{\"date\":1e300}").apply("@timestamp")).as("once thrown out of the mapping").isNull();
        assertThat(fields("{\"date\":\"-99999999999999999999\"}").apply("@timestamp")).isNull();
        assertThat(fields("{\"timestamp\":253402300800000,\"time\":\"2026-11-20T16:11:30+08:00\"}").apply("@timestamp"))
                .as("the year 10000 in milliseconds").isEqualTo("2026-11-20T08:11:30Z");
        assertThat(fields("{\"time\":\"9999-12-31T23:59:59-01:00\"}").apply("@timestamp")).isNull();
    }

    @Test
    void shouldPassTheDocumentsOwnTimestampThroughForStrictChecking() throws Exception {
        assertThat(fields("{\"@timestamp\":\"yesterday\",\"time\":\"2026-11-20T08:00:00Z\"}").apply("@timestamp"))
                .isEqualTo("yesterday");
    }
}
