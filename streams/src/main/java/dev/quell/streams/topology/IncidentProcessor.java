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
 * tick of the wall clock, to the {@link IncidentEngine}. The new incident version (keyed by incident
 * id, and kept queryable by id) is published for the keys that changed once per {@code emitEvery},
 * so a burst of alerts on one incident — a webhook of 50 — becomes one version instead of 50, each
 * serialized whole. The state is written then too, once, not with every input — its header and
 * only the alerts that changed ({@link IncidentStates}): until it is, each input that changed it
 * is in a journal store (about a kilobyte), and a task that starts applies what its journal holds
 * to the saved states again. Which keys wait
 * for their version is itself a state store, so a crash anywhere loses nothing under exactly-once.
 */
final class IncidentProcessor implements Processor<String, IncidentInput, String, Incident> {

    private final IncidentEngine engine;
    private final Duration tickEvery;
    private final Duration resolvedRetention;
    private final Duration emitEvery;
    private ProcessorContext<String, Incident> context;
    private IncidentStates states;
    /** Keys whose stored alerts are a former incident's, to be deleted when the key's new state is saved. */
    private final java.util.Set<String> replacing = new java.util.HashSet<>();
    private KeyValueStore<String, Incident> byId;
    /** Keys changed since their last version, with the timestamp of the input that changed them first. */
    private KeyValueStore<String, Long> unpublished;
    /** The same keys, for this task, with the timestamp of their latest input (the version's timestamp). */
    private final java.util.Map<String, Long> waiting = new java.util.LinkedHashMap<>();
    /** The inputs applied to states not saved yet, in the order they were applied. */
    private KeyValueStore<Long, JournalEntry> journal;
    private long nextJournalEntry;
    /** Keys whose state changed since it was saved, with their journal entries (deleted once it is). */
    private final java.util.Map<String, java.util.List<Long>> unsaved = new java.util.LinkedHashMap<>();
    /**
     * The states this task touched last, as objects: read from here instead of deserialized from the
     * store on every record, and the only copy of a state not saved yet (never evicted before it is).
     * One task writes its keys alone; the cache lives and dies with the task ({@link #init}, {@link #close}).
     */
    private final java.util.Map<String, IncidentState> live = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, IncidentState> eldest) {
            return size() > LIVE_STATES && !unsaved.containsKey(eldest.getKey());
        }
    };
    static final int LIVE_STATES = 2_048;

    IncidentProcessor(IncidentEngine engine, Duration tickEvery, Duration resolvedRetention, Duration emitEvery) {
        this.engine = engine;
        this.tickEvery = tickEvery;
        this.resolvedRetention = resolvedRetention;
        this.emitEvery = emitEvery;
    }

    @Override
    public void init(ProcessorContext<String, Incident> context) {
        this.context = context;
        this.states = new IncidentStates(context.getStateStore(IncidentTopology.INCIDENT_HEADERS_STORE),
                context.getStateStore(IncidentTopology.INCIDENT_ALERTS_STORE));
        this.byId = context.getStateStore(IncidentTopology.INCIDENTS_BY_ID_STORE);
        this.unpublished = context.getStateStore(IncidentTopology.UNPUBLISHED_STORE);
        this.journal = context.getStateStore(IncidentTopology.JOURNAL_STORE);
        live.clear();
        waiting.clear();
        unsaved.clear();
        replacing.clear();
        nextJournalEntry = 0;
        try (KeyValueIterator<String, Long> left = unpublished.all()) { // what the task's last owner had not published
            left.forEachRemaining(entry -> waiting.put(entry.key, entry.value));
        }
        try (KeyValueIterator<Long, JournalEntry> left = journal.all()) { // and the inputs it had not saved
            left.forEachRemaining(entry -> {
                String key = entry.value.key();
                IncidentState before = current(key);
                IncidentState after = apply(before, entry.value);
                if (after != null) {
                    noteReplaced(key, before, after);
                    live.put(key, after);
                    unsaved.computeIfAbsent(key, unused -> new java.util.ArrayList<>()).add(entry.key);
                }
                nextJournalEntry = entry.key + 1;
            });
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
        JournalEntry input = new JournalEntry(key, record.value(), record.timestamp(), context.currentStreamTimeMs());
        IncidentState before = current(key);
        IncidentState after = apply(before, input);
        if (after != null) {
            if (before != null && before != after && !before.id.equals(after.id) && waiting.containsKey(key)) {
                publish(key, before, stopWaiting(key)); // a new incident on the key: the old one's last version first
            }
            noteReplaced(key, before, after);
            save(key, after);
            long entry = nextJournalEntry++;
            journal.put(entry, input);
            unsaved.get(key).add(entry);
            await(key, record.timestamp());
        } else {
            live.remove(key); // the engine may have touched the object without a change worth saving
        }
    }

    /** The engine's step for one input: the same on the first pass and when a journal is applied again. */
    private IncidentState apply(IncidentState before, JournalEntry entry) {
        IncidentInput input = entry.input();
        Instant at = Instant.ofEpochMilli(entry.timestamp());
        if (input.alert() != null) {
            return engine.onAlert(before, entry.key(), input.alert(), at);
        }
        if (input.signal() != null) {
            return engine.onSignal(before, entry.key(), input.signal(), at, Instant.ofEpochMilli(entry.streamTime()));
        }
        return engine.onRemediation(before, input.remediation(), at);
    }

    private IncidentState current(String key) {
        return live.containsKey(key) ? live.get(key) : states.load(key);
    }

    /** A new incident on the key: the alerts stored for the former one go when the new state is saved. */
    private void noteReplaced(String key, IncidentState before, IncidentState after) {
        if (before != null && !before.id.equals(after.id)) {
            replacing.add(key);
        }
    }

    /** How many states are cached as objects now (for the test of the bound). */
    int cachedStates() {
        return live.size();
    }

    @Override
    public void close() {
        live.clear();
        waiting.clear();
        unsaved.clear();
        replacing.clear();
    }

    private void tick(Instant now) {
        saveUnsaved(); // the store holds every state now
        try (KeyValueIterator<String, IncidentState> headers = states.headers()) {
            while (headers.hasNext()) {
                KeyValue<String, IncidentState> entry = headers.next();
                if (!entry.value.isOpen()) {
                    continue; // the clock changes nothing about a resolved incident: its alerts stay unread
                }
                IncidentState state = live.containsKey(entry.key) ? live.get(entry.key) : states.withAlerts(entry.key, entry.value);
                IncidentState changed = engine.tick(state, now);
                if (changed != null) {
                    save(entry.key, changed);
                    stopWaiting(entry.key);
                    publish(entry.key, changed, now.toEpochMilli());
                }
            }
        }
        saveUnsaved(); // within this punctuation: no commit falls between a version and the state that numbered it
    }

    /** The key's state changed: written by the next {@link #saveUnsaved}. */
    private void save(String key, IncidentState state) {
        live.put(key, state);
        unsaved.computeIfAbsent(key, unused -> new java.util.ArrayList<>());
    }

    /** Each changed state written once, and the journal entries it includes deleted. */
    private void saveUnsaved() {
        unsaved.forEach((key, entries) -> {
            states.save(key, live.get(key), replacing.remove(key));
            entries.forEach(entry -> journal.put(entry, null)); // a delete that does not read the old value back
        });
        unsaved.clear();
        // an unsaved state is never evicted, so a long burst can leave more states cached than the bound
        java.util.Iterator<String> eldest = live.keySet().iterator();
        while (live.size() > LIVE_STATES && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
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
            unpublished.put(key, null);
        }
        return since;
    }

    private void publishWaiting() {
        for (String key : java.util.List.copyOf(waiting.keySet())) {
            long timestamp = stopWaiting(key);
            publish(key, current(key), timestamp);
        }
        saveUnsaved();
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
                    byId.put(entry.key, null);
                }
            }
        }
    }
}
