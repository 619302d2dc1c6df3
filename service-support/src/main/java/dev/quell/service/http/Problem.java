package dev.quell.service.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.quell.schemas.json.PayloadProblem;
import java.util.List;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}). {@code problems} lists
 * the bad fields by JSON pointer, {@code refused} the bad items of a batch: the first
 * {@value FirstItems#LISTED} of each, and {@code problemsOmitted} and {@code refusedOmitted} count
 * those left out (absent when none was).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<PayloadProblem> problems,
        Integer problemsOmitted,
        List<RefusedItem> refused,
        Integer refusedOmitted) {

    public static final String CONTENT_TYPE = "application/problem+json";

    /** One refused item of a batch: its place ({@code line} of NDJSON from 1, or array {@code index} from 0) and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RefusedItem(Integer line, Integer index, String detail) {
    }
}
