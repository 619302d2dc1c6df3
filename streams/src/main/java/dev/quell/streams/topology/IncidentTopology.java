package dev.quell.streams.topology;

import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import dev.quell.schemas.incidents.IncidentIds;
import dev.quell.schemas.topics.JsonSerde;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.Topics;
import dev.quell.streams.engine.EngineSettings;
import dev.quell.streams.engine.IncidentEngine;
import dev.quell.streams.engine.IncidentInput;
import dev.quell.streams.engine.IncidentState;
import dev.quell.streams.engine.LogSignalHit;
import dev.quell.streams.rules.ClassificationRules;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Quell's Kafka Streams topology, top to bottom:
 * <ol>
 *   <li>alerts: validate (bad ones to the dead letters) → dedup by (fingerprint, status, startsAt);</li>
 *   <li>logs: validate → known signatures become log signals; error-level lines are counted per
 *       key in tumbling windows, and reaching the threshold is an {@code error-burst} signal;</li>
 *   <li>remediations: {@code failed}/{@code escalated} events, re-keyed from incident id to correlation key;</li>
 *   <li>all three merge into the incident processor (one incident per correlation key: correlate,
 *       inhibit, classify, resolve), whose new versions — one per incident per {@code emit-every}
 *       at most, each within one Kafka record ({@link RecordSizedVersions}) — go to
 *       {@code quell.incidents.v1}, and a tombstone once a resolved incident is past
 *       {@code resolved-retention}.</li>
 * </ol>
 * The application and every test build it with {@link #build}.
 */
public final class IncidentTopology {

    public static final String ALERT_DEDUP_STORE = "alert-dedup";
    public static final String ERROR_COUNT_STORE = "error-counts";
    /** The incident state of each correlation key but its alerts ({@link IncidentStates}). */
    public static final String INCIDENT_HEADERS_STORE = "incident-headers";
    /** Each alert of those states, by correlation key and fingerprint. */
    public static final String INCIDENT_ALERTS_STORE = "incident-alerts";
    public static final String INCIDENTS_BY_ID_STORE = "incidents-by-id";
    public static final String UNPUBLISHED_STORE = "incidents-unpublished";

    private IncidentTopology() {
    }

    public static Topology build(StreamsBuilder builder, Topics topics, ClassificationRules rules, EngineSettings settings) {
        return build(builder, topics, rules, settings, TopologyEvents.NONE);
    }

    /** As {@link #build(StreamsBuilder, Topics, ClassificationRules, EngineSettings)}, telling {@code events} what leaves the topology. */
    public static Topology build(StreamsBuilder builder, Topics topics, ClassificationRules rules, EngineSettings settings,
                                 TopologyEvents events) {
        return build(builder, topics, rules, settings, events, RecordLimits.defaults());
    }

    /**
     * As {@link #build(StreamsBuilder, Topics, ClassificationRules, EngineSettings, TopologyEvents)},
     * cutting incident versions and dead letters to {@code limits}, which the caller may lower while it runs.
     */
    public static Topology build(StreamsBuilder builder, Topics topics, ClassificationRules rules, EngineSettings settings,
                                 TopologyEvents events, RecordLimits limits) {
        IncidentEngine engine = new IncidentEngine(rules, settings);
        LogSignals logSignals = new LogSignals(rules);
        JsonSerde<IncidentInput> inputSerde = new JsonSerde<>(IncidentInput.class);
        Serde<Incident> incidentSerde = new SerializedOnce<>(topics.incidents().valueSerde()); // the store's and the sink's

        RecordSizedDeadLetters sizedLetters = new RecordSizedDeadLetters(topics.deadLetters().valueSerde().serializer(),
                topics.deadLetters().name(), limits.deadLetters());

        builder.addStateStore(dedupStore(settings.dedupWindow()));
        // written with every input, without Kafka Streams' record cache: its flush inside each commit made the
        // commit 2.5 -> 3.9 ms and the first version's p99 ~40 ms later (docs/benchmarks.md)
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(INCIDENT_HEADERS_STORE), Serdes.String(), new JsonSerde<>(IncidentState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INCIDENT_ALERTS_STORE),
                IncidentStates.ALERT_KEY_SERDE, new JsonSerde<>(IncidentState.AlertState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(INCIDENTS_BY_ID_STORE), Serdes.String(), incidentSerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(UNPUBLISHED_STORE), Serdes.String(), Serdes.Long()));

        KStream<String, IncidentInput> alerts = ValidatedRecords
                .stream(builder, topics.alerts(), topics.deadLetters(), sizedLetters, "alerts", events)
                .processValues(() -> new AlertDeduplicator(ALERT_DEDUP_STORE, settings.dedupWindow()),
                        Named.as("alerts-dedup"), ALERT_DEDUP_STORE)
                .mapValues(IncidentInput::of, Named.as("alerts-as-input"));

        KStream<String, LogEvent> logs = ValidatedRecords.stream(builder, topics.logs(), topics.deadLetters(), sizedLetters, "logs",
                events);
        KStream<String, IncidentInput> signatures = logs
                .flatMapValues(logSignals::signatures, Named.as("logs-signatures"))
                .mapValues(IncidentInput::of, Named.as("signatures-as-input"));
        KStream<String, IncidentInput> bursts = errorBursts(logs, logSignals, rules, settings);

        Topic<String, RemediationEvent> remediations = topics.remediations();
        KStream<String, IncidentInput> feedback = ValidatedRecords
                .stream(builder, remediations, topics.deadLetters(), sizedLetters, "remediations", events)
                .filter((id, event) -> isFailure(event), Named.as("remediations-failures"))
                .selectKey((id, event) -> correlationKey(event), Named.as("remediations-by-correlation-key"))
                .filter((key, event) -> key != null, Named.as("remediations-with-incident"))
                .mapValues(IncidentInput::of, Named.as("remediations-as-input"))
                .repartition(Repartitioned.with(Serdes.String(), inputSerde).withName("remediation-feedback"));

        QuietCommits quietCommits = new QuietCommits();
        RecordSizedVersions sizedVersions = new RecordSizedVersions(incidentSerde.serializer(), topics.incidents().name(),
                limits.incidentVersions(), events);
        alerts.merge(signatures, Named.as("merge-signatures"))
                .merge(bursts, Named.as("merge-bursts"))
                .merge(feedback, Named.as("merge-feedback"))
                .process(() -> new IncidentProcessor(engine, settings.tickEvery(), settings.resolvedRetention(),
                        settings.emitEvery(), quietCommits, sizedVersions), Named.as("incidents"), INCIDENT_HEADERS_STORE, INCIDENT_ALERTS_STORE, INCIDENTS_BY_ID_STORE,
                        UNPUBLISHED_STORE)
                .peek((id, incident) -> {
                    if (incident != null) { // not the tombstone of an incident past its retention
                        events.incidentVersion(incident);
                    }
                }, Named.as("incidents-observed"))
                .to(topics.incidents().name(), Produced.with(Serdes.String(), incidentSerde)
                        .withName("incidents-sink"));
        return builder.build();
    }

    /** The de-duplication store ({@link AlertDeduplicator}): each sighting of a dedup key, kept two windows. */
    static StoreBuilder<WindowStore<String, Long>> dedupStore(Duration window) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(ALERT_DEDUP_STORE, window.multipliedBy(2), window,
                false), Serdes.String(), Serdes.Long());
    }

    private static KStream<String, IncidentInput> errorBursts(KStream<String, LogEvent> logs, LogSignals logSignals,
                                                             ClassificationRules rules, EngineSettings settings) {
        ClassificationRules.ErrorBurst burst = rules.errorBurst();
        return logs
                .filter((key, log) -> logSignals.isErrorLevel(log), Named.as("logs-errors"))
                .groupByKey(Grouped.as("logs-errors-by-key"))
                .windowedBy(TimeWindows.ofSizeAndGrace(burst.window(), settings.lateGrace()))
                .aggregate(ErrorBurst::empty, (key, log, counted) -> counted.add(log.timestamp(), log.message()),
                        Named.as("logs-errors-count"),
                        Materialized.<String, ErrorBurst, WindowStore<Bytes, byte[]>>as(ERROR_COUNT_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new JsonSerde<>(ErrorBurst.class))
                                // every count must go downstream: with the record cache on, a burst read in
                                // one poll jumps past the threshold and the signal is never seen
                                .withCachingDisabled())
                .toStream(Named.as("logs-error-counts"))
                .filter((window, counted) -> counted != null && counted.count() == burst.threshold(),
                        Named.as("logs-error-bursts"))
                .map((window, counted) -> KeyValue.pair(window.key(), IncidentInput.of(new LogSignalHit(
                        ClassificationRules.ErrorBurst.SIGNATURE, counted.count(), counted.lastSeen(), counted.sample()))),
                        Named.as("bursts-as-input"));
    }

    private static boolean isFailure(RemediationEvent event) {
        try {
            RemediationPhase phase = event.phase();
            return phase == RemediationPhase.FAILED || phase == RemediationPhase.ESCALATED;
        } catch (IllegalArgumentException notARemediationPhase) {
            return false;
        }
    }

    private static String correlationKey(RemediationEvent event) {
        try {
            return event.data() == null ? null : IncidentIds.correlationKeyOf(event.data().incidentId());
        } catch (IllegalArgumentException notAnIncidentId) {
            return null;
        }
    }
}
