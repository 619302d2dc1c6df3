package dev.quell.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.kafka.SharedTestBroker;
import dev.quell.schemas.topics.GroupProgress;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.ecs.LogEvents;
import dev.quell.schemas.json.Json;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Elasticsearch stops mid-stream and comes back: the indexer waits, catches up, and every record is indexed once. */
class ElasticsearchOutageIT {

    private static final int BEFORE = 150;
    private static final int DURING = 150;

    private final IndexerFixture fixture = new IndexerFixture();

    @AfterEach
    void close() throws Exception {
        if (!fixture.node.healthy()) {
            fixture.node.start();
        }
        fixture.close();
    }

    @Test
    void shouldIndexEveryRecordOnceAcrossAnElasticsearchRestart() throws Exception {
        String logs = fixture.logsPrefix + "*";
        String group = "indexer-" + fixture.run;
        try (EmbeddedServer indexer = fixture.indexer(group)) {
            for (int i = 0; i < BEFORE; i++) {
                send(i);
            }
            await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class)
                    .until(() -> fixture.search(logs, "*").size() >= BEFORE / 2); // 503 until the new index's shard is up

            fixture.node.stop();
            for (int i = BEFORE; i < BEFORE + DURING; i++) {
                send(i);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> readinessStatus(indexer) == 503);
            fixture.node.start();

            fixture.awaitCount(logs, "*", BEFORE + DURING);
            Set<String> ids = fixture.search(logs, "*").stream().map(document -> document.get("request_id").asText())
                    .collect(Collectors.toSet());
            assertThat(ids).hasSize(BEFORE + DURING);
            await().atMost(Duration.ofSeconds(30)).until(() -> lag(group) == 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> readinessStatus(indexer) == 200);
        }
    }

    private void send(int i) {
        ObjectNode line = LogFixture.line("o" + i, "short-drama-prod", "short-drama-api", "INFO", i, "1");
        try {
            fixture.send(fixture.topics.logs().name(), "k" + i % 7, Json.mapper().writeValueAsString(
                    LogEvents.fromEcs(line, CorrelationKeys.defaults(), Instant.now(), "")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records of the logs topic the group has not committed past. */
    private long lag(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            return GroupProgress.lag(admin, group, Set.of(fixture.topics.logs().name()));
        }
    }

    private static int readinessStatus(EmbeddedServer indexer) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + indexer.getPort()
                + "/health/readiness")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
