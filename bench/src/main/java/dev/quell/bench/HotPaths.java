package dev.quell.bench;

import dev.quell.ingest.logs.LogBatch;
import dev.quell.ingest.logs.ShippedLogFields;
import dev.quell.schemas.alertmanager.AlertmanagerWebhookParser;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.ecs.LogEvents;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.json.PayloadException;
import dev.quell.schemas.matchers.Matcher;
import dev.quell.schemas.matchers.Matchers;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.Topics;
import dev.quell.streams.engine.EngineSettings;
import dev.quell.streams.engine.IncidentEngine;
import dev.quell.streams.engine.IncidentState;
import dev.quell.streams.rules.RulesLoader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The in-process hot paths, under JMH: a webhook parsed and split, its events serialized, a batch
 * of log lines read and serialized, matchers evaluated, an incident classified.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotPaths {

    private final AlertmanagerWebhookParser parser = new AlertmanagerWebhookParser();
    private final CorrelationKeys keys = CorrelationKeys.defaults();
    private byte[] webhook;
    private List<Matcher> matchers;
    private Map<String, String> labels;
    private IncidentEngine engine;
    private List<AlertEvent> alerts;
    private final Instant now = Instant.parse("2026-11-22T08:00:00Z");
    private final Topics topics = new Topics("bench.", Topics.DEFAULT_PARTITIONS);
    private final Topic<String, AlertEvent> alertsTopic = topics.alerts();
    private final Serializer<AlertEvent> alertSerializer = alertsTopic.valueSerde().serializer();
    private final Topic<String, LogEvent> logsTopic = topics.logs();
    private final Serializer<LogEvent> logSerializer = logsTopic.valueSerde().serializer();
    private byte[] logBatch;

    @Setup
    public void setUp() throws PayloadException {
        webhook = new Payloads().webhook();
        logBatch = new Payloads().ndjson();
        matchers = Matchers.parse("alertname=~\"HighLatency|HighResponseTime|SlowRequests\", severity!=\"info\","
                + " namespace=~\"one-data-.*\", job!~\"test-.*\"");
        alerts = parser.parse(webhook).toAlertEvents(keys, now);
        labels = alerts.get(0).labels();
        engine = new IncidentEngine(RulesLoader.loadResource("/quell-rules.yml"), EngineSettings.defaults());
    }

    /** One Alertmanager webhook of 50 alerts: read from its JSON tokens (the common webhook), 50 AlertEvents with fingerprints and keys. */
    @Benchmark
    public List<AlertEvent> parseAndSplitWebhookOf50Alerts() throws PayloadException {
        return parser.parse(webhook).toAlertEvents(keys, now);
    }

    /** The 50 AlertEvents of one webhook to the bytes ingest produces (the alerts topic's serde). */
    @Benchmark
    public int serializeAlertEventsOf50() {
        int bytes = 0;
        for (AlertEvent alert : alerts) {
            bytes += alertSerializer.serialize(alertsTopic.name(), alert).length;
        }
        return bytes;
    }

    /** An NDJSON batch of 500 log lines read, each line to its LogEvent and the bytes ingest produces. */
    @Benchmark
    public int readAndSerializeLogBatchOf500() throws PayloadException {
        int bytes = 0;
        for (LogBatch.Item item : LogBatch.ndjson(logBatch).toList()) {
            LogEvent event = LogEvents.fromFields(new ShippedLogFields(item.document()), item.document(), keys, now,
                    item.pointer());
            bytes += logSerializer.serialize(logsTopic.name(), event).length;
        }
        return bytes;
    }

    /** Four matchers (two regular expressions) against one alert's labels. */
    @Benchmark
    public boolean evaluateMatchers() {
        return Matchers.allMatch(matchers, labels);
    }

    /** One incident opened by one alert and classified by the default rules, to its first version. */
    @Benchmark
    public Incident classifyOneIncident() {
        AlertEvent alert = alerts.get(0);
        IncidentState state = engine.onAlert(null, alert.correlationKey(), alert, now);
        return engine.nextVersion(state).orElseThrow();
    }
}
