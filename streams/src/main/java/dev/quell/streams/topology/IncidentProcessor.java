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
 * tick of the wall clock, to the {@link IncidentEngine}; forwards a new incident version (keyed
 * by incident id) whenever the engine says a reader would see a change, and keeps every version
 * queryable by id.
 */
final class IncidentProcessor implements Processor<String, IncidentInput, String, Incident> {

    private final IncidentEngine engine;
    private final Duration tickEvery;
    private final Duration resolvedRetention;
    private ProcessorContext<String, Incident> context;
    private KeyValueStore<String, IncidentState> byKey;
    private KeyValueStore<String, Incident> byId;
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

    IncidentProcessor(IncidentEngine engine, Duration tickEvery, Duration resolvedRetention) {
        this.engine = engine;
        this.tickEvery = tickEvery;
        this.resolvedRetention = resolvedRetention;
    }

    @Override
    public void init(ProcessorContext<String, Incident> context) {
        this.context = context;
        this.byKey = context.getStateStore(IncidentTopology.INCIDENTS_BY_KEY_STORE);
        this.byId = context.getStateStore(IncidentTopology.INCIDENTS_BY_ID_STORE);
        live.clear();
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
            save(key, after, record.timestamp());
        } else {
            live.remove(key); // the engine may have touched the object without a change worth saving
        }
    }

    @Override
    public void close() {
        live.clear();
    }

    private void tick(Instant now) {
        try (KeyValueIterator<String, IncidentState> all = byKey.all()) {
            while (all.hasNext()) {
                KeyValue<String, IncidentState> entry = all.next();
                IncidentState changed = engine.tick(entry.value, now);
                if (changed != null) {
                    save(entry.key, changed, now.toEpochMilli());
                }
            }
        }
    }

    private void save(String key, IncidentState state, long timestamp) {
        engine.nextVersion(state).ifPresent(incident -> {
            byId.put(incident.id(), incident);
            context.forward(new Record<>(incident.id(), incident, timestamp));
        });
        byKey.put(key, state);
        live.put(key, state);
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
