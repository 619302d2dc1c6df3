package dev.quell.streams.topology;

import dev.quell.schemas.events.AlertEvent;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Drops an alert whose (fingerprint, status, startsAt) was seen within the dedup window:
 * Alertmanager sends a group again every repeat_interval, on every change of the group, and from
 * each member of an HA pair. Every repeat refreshes the entry, so a steady stream of re-sends
 * stays suppressed.
 */
final class AlertDeduplicator implements FixedKeyProcessor<String, AlertEvent, AlertEvent> {

    private final String storeName;
    private final long windowMillis;
    private FixedKeyProcessorContext<String, AlertEvent> context;
    private WindowStore<String, Long> seen;

    AlertDeduplicator(String storeName, Duration window) {
        this.storeName = storeName;
        this.windowMillis = window.toMillis();
    }

    static String dedupKey(AlertEvent alert) {
        return alert.fingerprint() + "|" + alert.status().wireName() + "|" + alert.startsAt();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, AlertEvent> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, AlertEvent> record) {
        String key = dedupKey(record.value());
        long at = record.timestamp();
        boolean repeat;
        try (WindowStoreIterator<Long> earlier = seen.fetch(key, at - windowMillis, at)) {
            repeat = earlier.hasNext();
        }
        seen.put(key, at, at);
        if (!repeat) {
            context.forward(record);
        }
    }
}
