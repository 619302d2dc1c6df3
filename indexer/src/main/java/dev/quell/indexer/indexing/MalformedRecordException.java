package dev.quell.indexer.indexing;

/** A record that cannot become a document (not JSON, or without the field its id or index comes from). */
public class MalformedRecordException extends Exception {

    public MalformedRecordException(String reason) {
        super(reason);
    }
}
