package dev.quell.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@MicronautTest
class OperationsIT extends IngestTestSupport {

    @Test
    void shouldBeReadyOnceKafkaAnswers() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> readiness = get("/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"status\":\"UP\"", "kafka");
        });
        assertThat(get("/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldCountAcceptedAndRefusedRecordsAndTimeProduceLatencyForPrometheus() {
        post("/logs", "application/x-ndjson", "{\"message\":\"ok\"}\n".getBytes(StandardCharsets.UTF_8));
        post("/webhooks/alertmanager", "application/json", "{".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> metrics = get("/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("quell_ingest_accepted_total\\{route=\"logs\"} [1-9]")
                .containsPattern("quell_ingest_refused_total\\{reason=\"malformed-json\",route=\"webhook\"} [1-9]")
                .contains("quell_ingest_produce_latency_seconds_bucket");
    }

    @Test
    void shouldShowHowLongTheJitHasCompiledForPrometheus() {
        HttpResponse<String> metrics = get("/prometheus");

        assertThat(metrics.body()).containsPattern("(?m)^jvm_compilation_time_ms_total\\{[^}]*} [1-9]");
    }
}
