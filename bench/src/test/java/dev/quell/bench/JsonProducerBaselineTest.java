package dev.quell.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.schemas.alertmanager.AlertmanagerWebhookParser;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON baseline's routes make the records ingest's routes make of the same bodies. */
class JsonProducerBaselineTest {

    private final Topics topics = new Topics("bench.", Topics.DEFAULT_PARTITIONS);
    private final Payloads payloads = new Payloads();

    @Test
    void shouldMakeOneAlertEventPerAlertOfTheWebhookKeyedByItsCorrelationKey() throws Exception {
        byte[] webhook = payloads.webhook();
        List<byte[][]> records = new ArrayList<>();

        int sent = JsonProducerBaseline.webhooks(topics.alerts(), CorrelationKeys.defaults())
                .send(webhook, (key, value) -> records.add(new byte[][] {key, value}));

        List<AlertEvent> expected = new AlertmanagerWebhookParser().parse(webhook)
                .toAlertEvents(CorrelationKeys.defaults(), Instant.now());
        assertThat(sent).isEqualTo(records.size()).isEqualTo(Payloads.ALERTS_PER_WEBHOOK);
        for (int i = 0; i < sent; i++) {
            AlertEvent event = value(topics.alerts(), records.get(i)[1]);
            assertThat(new String(records.get(i)[0], StandardCharsets.UTF_8)).isEqualTo(event.correlationKey());
            assertThat(event.fingerprint()).isEqualTo(expected.get(i).fingerprint());
            assertThat(event.labels()).isEqualTo(expected.get(i).labels());
        }
    }

    @Test
    void shouldMakeOneLogEventPerLineOfAnNdjsonBatchAndPerDocumentOfABulkBody() throws Exception {
        List<byte[][]> lines = new ArrayList<>();
        int fromNdjson = JsonProducerBaseline.ndjson(topics.logs(), CorrelationKeys.defaults())
                .send(payloads.ndjson(), (key, value) -> lines.add(new byte[][] {key, value}));
        List<byte[][]> documents = new ArrayList<>();
        int fromBulk = JsonProducerBaseline.bulk(topics.logs(), CorrelationKeys.defaults())
                .send(payloads.bulk(), (key, value) -> documents.add(new byte[][] {key, value}));

        assertThat(fromNdjson).isEqualTo(lines.size()).isEqualTo(Payloads.LINES_PER_BATCH);
        assertThat(fromBulk).isEqualTo(documents.size()).isEqualTo(Payloads.LINES_PER_BATCH);
        for (byte[][] record : lines.subList(0, 3)) {
            LogEvent event = value(topics.logs(), record[1]);
            assertThat(new String(record[0], StandardCharsets.UTF_8)).isEqualTo(event.correlationKey());
            assertThat(event.serviceName()).isEqualTo("short-drama-api");
            assertThat(event.message()).startsWith("GET /api/v1/dramas/");
        }
        assertThat(value(topics.logs(), documents.get(0)[1]).podName()).isEqualTo("short-drama-api-7f9c6d-x2k4p");
    }

    private static <V> V value(Topic<String, V> topic, byte[] bytes) {
        return topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
    }
}
