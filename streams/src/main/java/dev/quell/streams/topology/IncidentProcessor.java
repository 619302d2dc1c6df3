package dev.quell.streams.topology;

import dev.quell.schemas.events.Incident;
import dev.quell.streams.engine.IncidentEngine;
import dev.quell.streams.engine.IncidentInput;
import dev.quell.streams.engine.IncidentState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Holds the incident of each correlation key in state stores and hands every input, and every
 * tick of the wall clock, to the {@link IncidentEngine}. Each input's change is written at once —
 * the incident's header and the one alert it touched ({@link IncidentStates}), about a kilobyte,
 * whatever the incident's size — so a task that starts anywhere finds every input it committed.
 * The new incident version (keyed by incident id, and kept queryable by id) is published for the
 * keys that changed once per {@code emitEvery}, so a burst of alerts on one incident — a webhook
 * of 50 — becomes one version instead of 50, each serialized whole. Which keys wait for their
 * version is itself a state store, so a crash anywhere loses nothing under exactly-once. A version
 * after a quiet spell is committed at once instead of at the next commit interval ({@link QuietCommits}).
 */
final class IncidentProcessor implements Processor<String, IncidentInput, String, Incident> {

    static final int LIVE_STATES = 2_048;

    private final IncidentEngine engine;
    private final Duration tickEvery;
    private final Duration resolvedRetention;
    private final Duration emitEvery;
    private final QuietCommits quietCommits;
    private final RecordSizedVersions sizedVersions;
    private final VersionPacing pacing;
    private ProcessorContext<String, Incident> context;
    private long commitIntervalMs;
    private IncidentStates states;
    private KeyValueStore<String, Incident> byId;
    /** Keys changed since their last version, with the timestamp of the input that changed them first. */
    private KeyValueStore<String, Long> unpublished;
    /** The same keys, for this task, with the timestamp of their latest input (the version's timestamp). */
    private final Map<String, Long> waiting = new LinkedHashMap<>();
    /**
     * The states this task touched last, as objects, the same as the stores hold: read from here
     * instead of deserialized on every record. One task writes its keys alone; the cache lives and
     * dies with the task ({@link #init}, {@link #close}).
     */
    private final Map<String, IncidentState> live = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IncidentState> eldest) {
            return size() > LIVE_STATES;
        }
    };

    IncidentProcessor(IncidentEngine engine, Duration tickEvery, Duration resolvedRetention, Duration emitEvery,
                      QuietCommits quietCommits, RecordSizedVersions sizedVersions) {
        this.engine = engine;
        this.tickEvery = tickEvery;
        this.resolvedRetention = resolvedRetention;
        this.emitEvery = emitEvery;
        this.quietCommits = quietCommits;
        this.sizedVersions = sizedVersions;
        this.pacing = new VersionPacing(emitEvery);
    }

    @Override
    public void init(ProcessorContext<String, Incident> context) {
        this.context = context;
        this.commitIntervalMs = commitIntervalMs(context.appConfigs());
        this.states = new IncidentStates(context.getStateStore(IncidentTopology.INCIDENT_HEADERS_STORE),
                context.getStateStore(IncidentTopology.INCIDENT_ALERTS_STORE));
        this.byId = context.getStateStore(IncidentTopology.INCIDENTS_BY_ID_STORE);
        this.unpublished = context.getStateStore(IncidentTopology.UNPUBLISHED_STORE);
        live.clear();
        waiting.clear();
        pacing.clear();
        try (KeyValueIterator<String, Long> left = unpublished.all()) { // what the task's last owner had not published
            left.forEachRemaining(entry -> waiting.put(entry.key, entry.value));
        }
        context.schedule(emitEvery, PunctuationType.WALL_CLOCK_TIME, this::publishWaiting);
        context.schedule(tickEvery, PunctuationType.WALL_CLOCK_TIME, now -> tick(Instant.ofEpochMilli(now)));
        context.schedule(sweepEvery(tickEvery, resolvedRetention), PunctuationType.WALL_CLOCK_TIME,
                now -> forgetOldResolved(Instant.ofEpochMilli(now)));
    }

    /**
     * How often resolved incidents past their retention are dropped from the query store (and get
     * their tombstone on {@code quell.incidents.v1}): a tenth of the retention, at most hourly,
     * never more often than the tick. (Each sweep reads every incident of the store; at every tick
     * it was the largest cost of a large store.)
     */
    static Duration sweepEvery(Duration tickEvery, Duration resolvedRetention) {
        Duration tenth = resolvedRetention.dividedBy(10);
        Duration capped = tenth.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : tenth;
        return capped.compareTo(tickEvery) < 0 ? tickEvery : capped;
    }

    @Override
    public void process(Record<String, IncidentInput> record) {
        String key = record.key();
        IncidentState before = current(key);
        IncidentState after = apply(before, key, record.value(), record.timestamp());
        if (after == null) {
            live.remove(key); // the engine may have touched the object without a change worth keeping
            return;
        }
        boolean replacesAnother = before != null && !before.id.equals(after.id);
        if (replacesAnother && waiting.containsKey(key)) {
            // a new incident on the key: the old one's last version first
            publish(key, before, stopWaiting(key), context.currentSystemTimeMs());
        }
        if (replacesAnother) {
            save(key, after, true);
        } else {
            saveInput(key, after, touchedAlert(after, record.value()));
        }
        await(key, record.timestamp());
    }

    /** The one alert an input may have changed: the alert's own, none for a log signal or a remediation. */
    private static IncidentState.AlertState touchedAlert(IncidentState state, IncidentInput input) {
        return input.alert() == null ? null : state.alerts.get(input.alert().fingerprint());
    }

    /** The engine's step for one input. */
    private IncidentState apply(IncidentState before, String key, IncidentInput input, long timestamp) {
        Instant at = Instant.ofEpochMilli(timestamp);
        if (input.alert() != null) {
            return engine.onAlert(before, key, input.alert(), at);
        }
        if (input.signal() != null) {
            return engine.onSignal(before, key, input.signal(), at, Instant.ofEpochMilli(context.currentStreamTimeMs()));
        }
        return engine.onRemediation(before, input.remediation(), at);
    }

    private IncidentState current(String key) {
        return live.containsKey(key) ? live.get(key) : states.load(key);
    }

    /** How many states are cached as objects now (for the test of the bound). */
    int cachedStates() {
        return live.size();
    }

    @Override
    public void close() {
        live.clear();
        waiting.clear();
        pacing.clear();
    }

    private void tick(Instant now) {
        List<KeyValue<String, IncidentState>> changed = new ArrayList<>();
        try (KeyValueIterator<String, IncidentState> headers = states.headers()) {
            while (headers.hasNext()) {
                KeyValue<String, IncidentState> entry = headers.next();
                if (!entry.value.isOpen()) {
                    continue; // the clock changes nothing about a resolved incident: its alerts stay unread
                }
                IncidentState state = live.get(entry.key);
                boolean withoutAlerts = state == null && !entry.value.unclassified && !entry.value.someFlapping;
                if (state == null) { // not cached: the alerts are read only if the tick needs them (see IncidentEngine.tick)
                    state = withoutAlerts ? entry.value : states.withAlerts(entry.key, entry.value);
                }
                IncidentState after = engine.tick(state, now);
                if (after != null) {
                    changed.add(KeyValue.pair(entry.key, withoutAlerts ? states.withAlerts(entry.key, after) : after));
                }
            }
        }
        for (KeyValue<String, IncidentState> entry : changed) { // written once the stores are no longer read
            save(entry.key, entry.value, false);
            stopWaiting(entry.key);
            publish(entry.key, entry.value, now.toEpochMilli(), now.toEpochMilli());
        }
    }

    /** The key's state changed: written now, and kept as the object the next input of the key finds. */
    private void save(String key, IncidentState state, boolean replacesAnother) {
        states.save(key, state, replacesAnother);
        live.put(key, state);
    }

    /** As {@link #save}, after an input that changed at most the alert {@code touched}. */
    private void saveInput(String key, IncidentState state, IncidentState.AlertState touched) {
        states.saveInput(key, state, touched);
        live.put(key, state);
    }

    private void await(String key, long timestamp) {
        if (waiting.put(key, timestamp) == null) {
            unpublished.put(key, timestamp);
        }
    }

    /** The timestamp the key waited with (or null if it did not wait); it waits no longer. */
    private Long stopWaiting(String key) {
        Long since = waiting.remove(key);
        if (since != null) {
            unpublished.put(key, null); // a delete that does not read the old value back
        }
        return since;
    }

    /**
     * Publishes the waiting keys' versions, but for large incidents whose last version was too
     * recent ({@link VersionPacing}: they wait on); after a quiet spell, asks for a commit at once
     * ({@link QuietCommits}).
     */
    private void publishWaiting(long now) {
        boolean published = false;
        for (String key : List.copyOf(waiting.keySet())) {
            if (pacing.holds(key, now)) {
                continue;
            }
            long timestamp = stopWaiting(key);
            published |= publish(key, current(key), timestamp, now);
        }
        if (published && quietCommits.publishedAfterQuiet(now, commitIntervalMs)) {
            context.commit(); // Kafka Streams commits a task that asked right after this punctuation
        }
    }

    /** Kafka Streams' {@code commit.interval.ms} as the application runs with it (its exactly-once default when absent). */
    static long commitIntervalMs(Map<String, Object> appConfigs) {
        Object interval = appConfigs.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        return interval == null ? 100 : Long.parseLong(interval.toString());
    }

    /** A new version of the key's incident, if a reader would see a change; {@code true} when there was one. */
    private boolean publish(String key, IncidentState state, long timestamp, long wallClockMs) {
        Optional<Incident> version = engine.nextVersion(state).flatMap(sizedVersions::fitted);
        version.ifPresent(incident -> {
            byId.put(incident.id(), incident);
            context.forward(new Record<>(incident.id(), incident, timestamp));
            pacing.published(key, sizedVersions.sizeOf(incident), wallClockMs);
            save(key, state, false); // the version and what it showed
        });
        return version.isPresent();
    }

    private void forgetOldResolved(Instant now) {
        Instant horizon = now.minus(resolvedRetention);
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Incident> all = byId.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.resolvedAt() != null && entry.value.resolvedAt().isBefore(horizon)) {
                    old.add(entry.key);
                }
            });
        }
        for (String id : old) {
            byId.put(id, null); // a delete that does not read the old value back
            // and a tombstone, so that compaction drops it from quell.incidents.v1 too
            context.forward(new Record<>(id, null, now.toEpochMilli()));
        }
    }
}
