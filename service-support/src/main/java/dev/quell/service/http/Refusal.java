package dev.quell.service.http;

import dev.quell.schemas.json.PayloadProblem;
import io.micronaut.http.HttpStatus;
import java.util.List;

/**
 * Why a request is refused, as data: its status, a stable {@code reason} (the metric tag and the
 * end of the problem type URI), a human {@code detail}, and the bad fields or items — of which the
 * answer lists the first {@value FirstItems#LISTED} each and counts the rest.
 */
public record Refusal(HttpStatus status, String reason, String title, String detail,
                      FirstItems<PayloadProblem> problems, FirstItems<Problem.RefusedItem> refused) {

    public Refusal(HttpStatus status, String reason, String title, String detail, List<PayloadProblem> problems) {
        this(status, reason, title, detail, FirstItems.of(problems), FirstItems.none());
    }

    public static Refusal of(HttpStatus status, String reason, String title, String detail) {
        return new Refusal(status, reason, title, detail, List.of());
    }

    public Problem toProblem(String path) {
        return new Problem("urn:quell:problem:" + reason, title, status.getCode(), detail, path,
                problems.listed(), problems.omittedOrNull(), refused.listed(), refused.omittedOrNull());
    }
}
