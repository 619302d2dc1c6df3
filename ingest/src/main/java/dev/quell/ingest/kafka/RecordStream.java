package dev.quell.ingest.kafka;

import java.util.function.BiConsumer;

/**
 * The records of one request, handed to a sender one by one as they are read: a request's
 * documents need not all be held at once (500 parsed log lines of 32 concurrent requests were
 * most of ingest's heap, and its garbage collections most of its time).
 */
@FunctionalInterface
public interface RecordStream<K, V> {

    /** Reads the request and calls {@code send} with each record's key and value, in order. */
    void sendEach(BiConsumer<K, V> send);
}
