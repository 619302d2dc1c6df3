package dev.quell.streams.topology;

import dev.quell.schemas.events.Incident;
import dev.quell.streams.engine.IncidentEngine;
import dev.quell.streams.engine.IncidentInput;
import dev.quell.streams.engine.IncidentState;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Holds the incident of each correlation key in a state store and hands every input, and every
 * tick of the wall clock, to the {@link IncidentEngine}. The state is saved with every input; the
 * new incident version (keyed by incident id, and kept queryable by id) is published for the keys
 * that changed once per {@code emitEvery}, so a burst of alerts on one incident — a webhook of 50
 * — becomes one version instead of 50, each serialized whole. Which keys wait for their version
 * is itself a state store, so a crash between the two loses nothing under exactly-once.
 */
final class IncidentProcessor implements Processor<String, IncidentInput, String, Incident> {

    private final IncidentEngine engine;
    private final Duration tickEvery;
    private final Duration resolvedRetention;
    private final Duration emitEvery;
    private ProcessorContext<String, Incident> context;
    private KeyValueStore<String, IncidentState> byKey;
    private KeyValueStore<String, Incident> byId;
    /** Keys changed since their last version, with the timestamp of the input that changed them first. */
    private KeyValueStore<String, Long> unpublished;
    /** The same keys, for this task, with the timestamp of their latest input (the version's timestamp). */
    private final java.util.Map<String, Long> waiting = new java.util.LinkedHashMap<>();
    /**
     * The states this task wrote last, as objects: written through to the store on every change,
     * read from here instead of deserialized from it on every record (the largest cost after
     * serialization in the benchmark's profile). One task writes its keys alone; the cache lives and
     * dies with the task ({@link #init}, {@link #close}).
     */
    private final java.util.Map<String, IncidentState> live = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, IncidentState> eldest) {
            return size() > LIVE_STATES;
        }
    };
    private static final int LIVE_STATES = 2_048;

    IncidentProcessor(IncidentEngine engine, Duration tickEvery, Duration resolvedRetention, Duration emitEvery) {
        this.engine = engine;
        this.tickEvery = tickEvery;
        this.resolvedRetention = resolvedRetention;
        this.emitEvery = emitEvery;
    }

    @Override
    public void init(ProcessorContext<String, Incident> context) {
        this.context = context;
        this.byKey = context.getStateStore(IncidentTopology.INCIDENTS_BY_KEY_STORE);
        this.byId = context.getStateStore(IncidentTopology.INCIDENTS_BY_ID_STORE);
        this.unpublished = context.getStateStore(IncidentTopology.UNPUBLISHED_STORE);
        live.clear();
        waiting.clear();
        try (KeyValueIterator<String, Long> left = unpublished.all()) { // what the task's last owner had not published
            left.forEachRemaining(entry -> waiting.put(entry.key, entry.value));
        }
        context.schedule(emitEvery, PunctuationType.WALL_CLOCK_TIME, now -> publishWaiting());
        context.schedule(tickEvery, PunctuationType.WALL_CLOCK_TIME, now -> tick(Instant.ofEpochMilli(now)));
        context.schedule(sweepEvery(tickEvery, resolvedRetention), PunctuationType.WALL_CLOCK_TIME,
                now -> forgetOldResolved(Instant.ofEpochMilli(now)));
    }

    /**
     * How often resolved incidents past their retention are dropped from the query store: a tenth
     * of the retention, at most hourly, never more often than the tick. (Each sweep reads every
     * incident of the store; at every tick it was the largest cost of a large store.)
     */
    static Duration sweepEvery(Duration tickEvery, Duration resolvedRetention) {
        Duration tenth = resolvedRetention.dividedBy(10);
        Duration capped = tenth.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : tenth;
        return capped.compareTo(tickEvery) < 0 ? tickEvery : capped;
    }

    @Override
    public void process(Record<String, IncidentInput> record) {
        String key = record.key();
        IncidentInput input = record.value();
        Instant at = Instant.ofEpochMilli(record.timestamp());
        IncidentState before = live.containsKey(key) ? live.get(key) : byKey.get(key);
        IncidentState after;
        if (input.alert() != null) {
            after = engine.onAlert(before, key, input.alert(), at);
        } else if (input.signal() != null) {
            after = engine.onSignal(before, key, input.signal(), at, Instant.ofEpochMilli(context.currentStreamTimeMs()));
        } else {
            after = engine.onRemediation(before, input.remediation(), at);
        }
        if (after != null) {
            if (before != null && before != after && !before.id.equals(after.id) && waiting.containsKey(key)) {
                publish(key, before, stopWaiting(key)); // a new incident on the key: the old one's last version first
            }
            save(key, after);
            await(key, record.timestamp());
        } else {
            live.remove(key); // the engine may have touched the object without a change worth saving
        }
    }

    @Override
    public void close() {
        live.clear();
        waiting.clear();
    }

    private void tick(Instant now) {
        try (KeyValueIterator<String, IncidentState> all = byKey.all()) {
            while (all.hasNext()) {
                KeyValue<String, IncidentState> entry = all.next();
                IncidentState changed = engine.tick(entry.value, now);
                if (changed != null) {
                    save(entry.key, changed);
                    stopWaiting(entry.key);
                    publish(entry.key, changed, now.toEpochMilli());
                }
            }
        }
    }

    private void save(String key, IncidentState state) {
        byKey.put(key, state);
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
            unpublished.delete(key);
        }
        return since;
    }

    private void publishWaiting() {
        for (String key : java.util.List.copyOf(waiting.keySet())) {
            long timestamp = stopWaiting(key);
            publish(key, live.containsKey(key) ? live.get(key) : byKey.get(key), timestamp);
        }
    }

    /** A new version of the key's incident, if a reader would see a change. */
    private void publish(String key, IncidentState state, long timestamp) {
        engine.nextVersion(state).ifPresent(incident -> {
            byId.put(incident.id(), incident);
            context.forward(new Record<>(incident.id(), incident, timestamp));
            save(key, state); // the version and what it showed
        });
    }

    private void forgetOldResolved(Instant now) {
        Instant horizon = now.minus(resolvedRetention);
        try (KeyValueIterator<String, Incident> all = byId.all()) {
            while (all.hasNext()) {
                KeyValue<String, Incident> entry = all.next();
                if (entry.value.resolvedAt() != null && entry.value.resolvedAt().isBefore(horizon)) {
                    byId.delete(entry.key);
                }
            }
        }
    }
}
