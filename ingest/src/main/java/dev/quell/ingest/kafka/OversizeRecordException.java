package dev.quell.ingest.kafka;

/**
 * A record larger than Kafka takes in one record of its topic ({@link TopicRecordLimits}): the
 * input's fault, so retrying cannot help. Thrown by the publisher before the record is sent
 * (Kafka's own refusal came back as a failed send, which ingest answered 503 "retry it", and a
 * shipper retried it forever).
 */
public class OversizeRecordException extends RuntimeException {

    private final int index;
    private final int bytes;
    private final int limit;
    private final String setting;

    OversizeRecordException(int index, int bytes, TopicRecordLimits.Limit limit) {
        this(index, bytes, limit.bytes(), limit.setting());
    }

    private OversizeRecordException(int index, int bytes, int limit, String setting) {
        super(bytes + " bytes, more than the " + limit + " a Kafka record may hold (" + setting + ", less its framing)");
        this.index = index;
        this.bytes = bytes;
        this.limit = limit;
        this.setting = setting;
    }

    /** Its place among the records of a {@link RecordPublisher#publishAll} call (from 0); -1 otherwise. */
    public int index() {
        return index;
    }

    /** The key's and value's bytes. */
    public int bytes() {
        return bytes;
    }

    /** The most they may be. */
    public int limit() {
        return limit;
    }

    OversizeRecordException at(int place) {
        return new OversizeRecordException(place, bytes, limit, setting);
    }
}
