package dev.quell.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** 50 clients posting webhooks at once, four each: every acknowledged alert is in the topic exactly once. */
@MicronautTest
class ConcurrencyIT extends IngestTestSupport {

    private static final int CLIENTS = 50;
    private static final int WEBHOOKS_PER_CLIENT = 4; // a count, not a duration: the same work however busy the machine
    private static final int ALERTS_PER_WEBHOOK = 5;

    @Test
    void shouldHoldEveryAcknowledgedAlertExactlyOnce() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Integer>> results = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int id = client;
            results.add(clients.submit(() -> {
                int sent = 0;
                while (sent < WEBHOOKS_PER_CLIENT) {
                    List<String> ids = new ArrayList<>();
                    for (int a = 0; a < ALERTS_PER_WEBHOOK; a++) {
                        ids.add(id + "-" + sent + "-" + a);
                    }
                    HttpResponse<String> response = post("/webhooks/alertmanager", "application/json", webhook(ids));
                    if (response.statusCode() == 200) {
                        acknowledged.addAll(ids);
                    }
                    sent++;
                }
                return sent;
            }));
        }
        int requests = 0;
        for (Future<Integer> result : results) {
            requests += result.get(120, TimeUnit.SECONDS);
        }
        clients.shutdown();

        Map<String, Long> landed = readAll(topics.alerts()).stream()
                .map(ConsumerRecord::value)
                .map(alert -> alert.labels().get("request_id"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(requests).as("requests sent").isEqualTo(CLIENTS * WEBHOOKS_PER_CLIENT);
        assertThat(acknowledged).as("acknowledged alerts").hasSizeGreaterThan(CLIENTS * ALERTS_PER_WEBHOOK);
        assertThat(landed.keySet()).containsAll(acknowledged);
        assertThat(landed.values()).as("each alert exactly once").containsOnly(1L);
    }

    private static byte[] webhook(List<String> ids) {
        String alerts = ids.stream().map(id -> """
                {"status":"firing","startsAt":"2026-11-20T08:15:42Z","endsAt":"0001-01-01T00:00:00Z",
                 "labels":{"alertname":"HighErrorRate","namespace":"short-drama-prod","service":"api","request_id":"%s"}}"""
                .formatted(id)).collect(Collectors.joining(","));
        return ("{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"quell\",\"alerts\":[" + alerts + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
