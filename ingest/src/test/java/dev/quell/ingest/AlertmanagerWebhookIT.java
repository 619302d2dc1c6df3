package dev.quell.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.json.Json;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@MicronautTest
class AlertmanagerWebhookIT extends IngestTestSupport {

    @Test
    void shouldLandEveryAlertOfAWebhookAsOneRecordKeyedByCorrelationKey() throws Exception {
        byte[] webhook = resource("/payloads/alertmanager-two-alerts.json");

        HttpResponse<String> response = post("/webhooks/alertmanager", "application/json", webhook);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(response.body()).get("accepted").asInt()).isEqualTo(2);
        Map<String, AlertEvent> byKey = readAll(topics.alerts()).stream()
                .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
        assertThat(byKey).containsOnlyKeys("one-data-system/agent-api", "-/dpa-api");

        AlertEvent down = byKey.get("one-data-system/agent-api");
        assertThat(down.alertname()).isEqualTo("ServiceDown");
        assertThat(down.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(down.fingerprint()).isEqualTo("79c32f60d62e8266");
        assertThat(down.endsAt()).isNull();
        assertThat(down.receiver()).isEqualTo("quell");
        assertThat(down.groupKey()).isEqualTo("{}/{severity=\"critical\"}:{alertname=\"ServiceDown\"}");
        assertThat(down.externalURL()).isEqualTo("http://alertmanager:9093");
        assertThat(down.receivedAt()).isNotNull();

        AlertEvent pool = byKey.get("-/dpa-api");
        assertThat(pool.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(pool.annotations()).containsEntry("summary", "数据库连接池即将耗尽");
    }

    @Test
    void shouldAnswerMalformedJsonWithAProblemNamingWhereAndDeadLetterIt() throws Exception {
        HttpResponse<String> response = post("/webhooks/alertmanager", "application/json",
                "{\"status\":\"firing\",\"alerts\":[{\"status\":".getBytes());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = Json.mapper().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("type").asText()).isEqualTo("urn:quell:problem:malformed-json");
        assertThat(problem.get("detail").asText()).contains("/alerts/0/status", "malformed JSON");
        assertThat(problem.get("instance").asText()).isEqualTo("/webhooks/alertmanager");

        List<String> reasons = readAll(topics.deadLetters()).stream().map(r -> r.value().reason()).toList();
        assertThat(reasons).anyMatch(reason -> reason.startsWith("400 ") && reason.contains("/alerts/0/status"));
    }

    @Test
    void shouldRefuseAWebhookWithAnAlertTooLargeForKafkaWhole() throws Exception {
        String big = "d".repeat(600_000); // each annotation under the 1 MiB string limit, together over the record's
        String webhook = "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":["
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"SmallNeighbour\"},\"startsAt\":\"2026-12-07T06:00:00Z\"},"
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"HugeAnnotations\"},\"annotations\":"
                + "{\"description\":\"" + big + "\",\"runbook\":\"" + big + "\"},\"startsAt\":\"2026-12-07T06:00:00Z\"}]}";

        HttpResponse<String> response = post("/webhooks/alertmanager", "application/json", webhook.getBytes());

        assertThat(response.statusCode()).as("4xx: Alertmanager must not retry what can never fit").isEqualTo(413);
        JsonNode problem = Json.mapper().readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:quell:problem:record-too-large");
        assertThat(problem.get("detail").asText()).contains("/alerts/1: its alert event is", "max.request.size",
                "none of the webhook's 2 alerts was taken");
        assertThat(problem.get("problems").get(0).get("pointer").asText()).isEqualTo("/alerts/1");
        List<String> reasons = readAll(topics.deadLetters()).stream().map(r -> r.value().reason()).toList();
        assertThat(reasons).anyMatch(reason -> reason.startsWith("413 /alerts/1: its alert event is"));
        assertThat(readAll(topics.alerts())).extracting(r -> r.value().alertname())
                .as("all or none: the alert that fits was not sent either")
                .doesNotContain("SmallNeighbour", "HugeAnnotations");
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = AlertmanagerWebhookIT.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
