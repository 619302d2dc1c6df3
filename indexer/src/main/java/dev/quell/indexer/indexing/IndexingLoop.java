package dev.quell.indexer.indexing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the indexed topics into one {@link BulkIngester}, and commits a partition's offset only
 * past records that are in Elasticsearch or in the dead letters:
 * <ol>
 *   <li>each record becomes a {@link Document} (a record that cannot goes to the dead letters);</li>
 *   <li>the bulk listener looks at every item: indexed, or a version conflict (an older incident
 *       version, or a replayed record) — done; 429, 5xx or the request failing as a whole
 *       (Elasticsearch down) — added again after a backoff, for as long as it takes; any other
 *       refusal (a mapping conflict) — to the dead letters with the reason;</li>
 *   <li>while too many documents are in flight, consumption pauses.</li>
 * </ol>
 * Document ids are stable (derived from the record), so whatever is consumed again after a crash or
 * a rebalance overwrites what is there instead of duplicating it.
 */
public final class IndexingLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(IndexingLoop.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** A consumed record on its way: where it came from, what it became, how often it was tried. */
    private record InFlight(TopicPartition partition, long offset, String kind, byte[] value, Document document,
                            int attempt) {

        InFlight again() {
            return new InFlight(partition, offset, kind, value, document, attempt + 1);
        }
    }

    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final Documents documents;
    private final Producer<String, DeadLetter> deadLetters;
    private final Topic<String, DeadLetter> deadLetterTopic;
    private final IndexerMetrics metrics;
    private final int maxPending;
    private final PendingOffsets pending = new PendingOffsets();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "quell-indexer-retries");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Long, Long> bulkStarts = new ConcurrentHashMap<>();
    private final BulkIngester<InFlight> ingester;
    private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    private volatile boolean running = true;
    private boolean paused;

    public IndexingLoop(Consumer<byte[], byte[]> consumer, List<String> topics, Documents documents,
                        ElasticsearchClient elasticsearch, BulkSettings bulk, Producer<String, DeadLetter> deadLetters,
                        Topic<String, DeadLetter> deadLetterTopic, IndexerMetrics metrics) {
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.documents = documents;
        this.deadLetters = deadLetters;
        this.deadLetterTopic = deadLetterTopic;
        this.metrics = metrics;
        this.maxPending = bulk.maxPending();
        this.ingester = BulkIngester.of(builder -> builder.client(elasticsearch)
                .maxOperations(bulk.maxOperations())
                .maxSize(bulk.maxBytes())
                .flushInterval(bulk.flushInterval().toMillis(), TimeUnit.MILLISECONDS)
                .maxConcurrentRequests(2)
                .listener(new Listener()));
        metrics.pending(pending::size);
    }

    /** How documents are batched, and how many may be in flight before consuming pauses. */
    public record BulkSettings(int maxOperations, long maxBytes, Duration flushInterval, int maxPending) {
    }

    @Override
    public void run() {
        consumer.subscribe(topics, new Rebalance());
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    accept(record);
                }
                commit();
                throttle();
            }
            drain(Duration.ofSeconds(30));
            commit();
        } catch (WakeupException e) {
            // stop() woke a poll
        } finally {
            ingester.close();
            retries.shutdownNow();
            consumer.close(Duration.ofSeconds(10));
        }
    }

    public void stop() {
        running = false;
    }

    /** Documents consumed and not yet in Elasticsearch or the dead letters. */
    public int pending() {
        return pending.size();
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        pending.consumed(partition, record.offset());
        String kind = documents.kindOf(record.topic());
        if (record.value() == null && kind.equals("incidents")) {
            // an incident past its retention, for compaction: its last version stays searchable
            done(new InFlight(partition, record.offset(), kind, null, null, 0), "tombstone");
            return;
        }
        try {
            Document document = documents.of(record);
            ingester.add(operation(document), new InFlight(partition, record.offset(), kind, record.value(), document, 0));
        } catch (MalformedRecordException e) {
            reject(new InFlight(partition, record.offset(), kind, record.value(), null, 0), "not indexable: " + e.getMessage());
        }
    }

    static BulkOperation operation(Document document) {
        if (document.create()) {
            return BulkOperation.of(op -> op.create(create -> create.index(document.index()).id(document.id())
                    .document(document.source())));
        }
        return BulkOperation.of(op -> op.index(index -> {
            index.index(document.index()).id(document.id()).document(document.source());
            if (document.externalVersion() != null) {
                index.version(document.externalVersion()).versionType(VersionType.External);
            }
            return index;
        }));
    }

    private void done(InFlight record, String outcome) {
        metrics.count(record.kind(), outcome);
        pending.done(record.partition(), record.offset());
    }

    private void retry(InFlight record) {
        metrics.count(record.kind(), "retried");
        long delay = Math.min(MAX_BACKOFF.toMillis(), 200L << Math.min(record.attempt(), 10));
        try {
            retries.schedule(() -> {
                try {
                    ingester.add(operation(record.document()), record.again());
                } catch (RuntimeException e) {
                    LOG.debug("retry of {}-{} dropped on the way out; it is consumed again next time", record.partition(),
                            record.offset());
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: left uncommitted, consumed again next time
        }
    }

    /** Elasticsearch (or the mapping of the record) refused it: the dead letters, with the reason, and on. */
    private void reject(InFlight record, String reason) {
        if (record.kind().equals("deadletters")) {
            LOG.error("a dead letter ({}-{}) could not be indexed, it stays on its topic: {}", record.partition(),
                    record.offset(), reason);
            done(record, "dropped");
            return;
        }
        DeadLetter letter = DeadLetter.of("indexer." + record.kind(), reason,
                record.value() == null ? new byte[0] : record.value(), Instant.now());
        deadLetters.send(new ProducerRecord<>(deadLetterTopic.name(), letter.source(), letter), (metadata, error) -> {
            if (error == null) {
                metrics.deadLetter(letter.source());
                done(record, "dead_lettered");
            } else {
                LOG.warn("dead letter for {}-{} not written, trying again", record.partition(), record.offset(), error);
                retries.schedule(() -> reject(record, reason), MAX_BACKOFF.toMillis() / 10, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void commit() {
        Set<TopicPartition> assigned = consumer.assignment();
        for (TopicPartition partition : pending.consumedFrom()) {
            if (assigned.contains(partition)) {
                pending.passed(partition, consumer.position(partition));
            }
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(pending.committable());
        offsets.keySet().retainAll(consumer.assignment());
        offsets.entrySet().removeIf(offset -> offset.getValue().equals(committed.get(offset.getKey())));
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
            committed.putAll(offsets);
        }
    }

    private void throttle() {
        int inFlight = pending.size();
        if (!paused && inFlight >= maxPending) {
            consumer.pause(consumer.assignment());
            paused = true;
            LOG.warn("{} documents in flight: consuming paused until Elasticsearch catches up", inFlight);
        } else if (paused && inFlight < maxPending / 2) {
            consumer.resume(consumer.assignment());
            paused = false;
            LOG.info("consuming resumed");
        }
    }

    private void drain(Duration timeout) {
        ingester.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.size() > 0 && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)); // paused or not, keeps the group membership while the last bulks finish
            consumer.pause(consumer.assignment());
        }
    }

    private final class Listener implements BulkListener<InFlight> {

        @Override
        public void beforeBulk(long executionId, BulkRequest request, List<InFlight> contexts) {
            bulkStarts.put(executionId, System.nanoTime());
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<InFlight> contexts, BulkResponse response) {
            took(executionId);
            List<BulkResponseItem> items = response.items();
            for (int i = 0; i < items.size(); i++) {
                BulkResponseItem item = items.get(i);
                InFlight record = contexts.get(i);
                if (item.error() == null) {
                    done(record, "indexed");
                } else if (item.status() == 409) {
                    done(record, "duplicate"); // an older incident version, or a record indexed before
                } else if (item.status() == 429 || item.status() >= 500) {
                    retry(record);
                } else {
                    reject(record, "Elasticsearch refused it (" + item.status() + " " + item.error().type() + "): "
                            + item.error().reason());
                }
            }
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<InFlight> contexts, Throwable failure) {
            took(executionId);
            LOG.warn("bulk of {} documents failed, retrying: {}", contexts.size(), failure.toString());
            contexts.forEach(IndexingLoop.this::retry);
        }

        private void took(long executionId) {
            Long start = bulkStarts.remove(executionId);
            if (start != null) {
                metrics.bulkTook(Duration.ofNanos(System.nanoTime() - start));
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(pending.committable());
            offsets.keySet().retainAll(partitions);
            if (!offsets.isEmpty()) {
                consumer.commitSync(offsets);
            }
            partitions.forEach(partition -> {
                pending.forget(partition);
                committed.remove(partition);
            });
        }

        @Override
        public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
            if (paused) {
                consumer.pause(partitions);
            }
        }
    }
}
