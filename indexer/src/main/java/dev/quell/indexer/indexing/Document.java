package dev.quell.indexer.indexing;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record as Elasticsearch gets it.
 *
 * @param kind            what it is ({@code logs}, {@code incidents}, {@code remediations}, {@code deadletters}), for metrics
 * @param index           the index (or data stream) it goes to
 * @param id              its document id: derived from the record, so a replay overwrites instead of duplicating
 * @param externalVersion when set, indexed with {@code version_type=external}: an older version never overwrites a newer one
 * @param create          {@code op_type=create} (a data stream takes nothing else); a second create of the id is a duplicate
 * @param source          the document
 */
public record Document(String kind, String index, String id, Long externalVersion, boolean create, ObjectNode source) {
}
