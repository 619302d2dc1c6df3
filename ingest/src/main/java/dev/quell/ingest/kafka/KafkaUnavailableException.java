package dev.quell.ingest.kafka;

/** Kafka did not acknowledge records in time: the request must be answered 503 so the sender retries. */
public class KafkaUnavailableException extends Exception {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
