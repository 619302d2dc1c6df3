package dev.quell.ingest.bulk;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Elasticsearch's answer to a bulk request, as shippers read it: how long it took, whether any
 * action failed, and one item per action in the request's order, under the action's name
 * ({@code {"create":{"_index":…,"status":201,…}}}). Typed rather than maps: a batch of 500 log
 * lines is answered with 500 items, and writing them as maps cost a fifth of the route.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BulkAnswer(long took, boolean errors, List<Item> items) {

    /** One action's outcome; exactly one of the four is set, the one the action named. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(Outcome index, Outcome create, Outcome update, Outcome delete) {

        static Item of(String action, Outcome outcome) {
            return switch (action) {
                case "index" -> new Item(outcome, null, null, null);
                case "create" -> new Item(null, outcome, null, null);
                case "update" -> new Item(null, null, outcome, null);
                case "delete" -> new Item(null, null, null, outcome);
                default -> throw new IllegalArgumentException("not a bulk action: " + action);
            };
        }
    }

    /** What became of one document: {@code created} (201) or refused (400, with the reason). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(
            @JsonProperty("_index") String index,
            @JsonProperty("_id") String id,
            @JsonProperty("_version") Integer version,
            String result,
            @JsonProperty("_shards") Shards shards,
            @JsonProperty("_seq_no") Integer seqNo,
            @JsonProperty("_primary_term") Integer primaryTerm,
            int status,
            ItemError error) {

        private static final Shards ONE_COPY = new Shards(1, 1, 0);

        static Outcome created(String index, String id) {
            return new Outcome(index, id, 1, "created", ONE_COPY, 0, 1, 201, null);
        }

        static Outcome failed(String index, String id, String reason) {
            return new Outcome(index, id, null, null, null, null, null, 400,
                    new ItemError("document_parsing_exception", reason));
        }
    }

    /** The copies that took the document: Quell answers as a one-node cluster. */
    public record Shards(int total, int successful, int failed) {
    }

    /** Why a document was refused, in Elasticsearch's error shape. */
    public record ItemError(String type, String reason) {
    }
}
