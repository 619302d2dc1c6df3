package dev.quell.service.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import java.time.Duration;

/** Builds {@code application/problem+json} responses. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static MutableHttpResponse<Problem> of(Refusal refusal, String path) {
        return HttpResponse.<Problem>status(refusal.status())
                .contentType(Problem.CONTENT_TYPE)
                .body(refusal.toProblem(path));
    }

    /** A refusal the client should retry later (429, 503): with {@code Retry-After} in whole seconds. */
    public static MutableHttpResponse<Problem> retryLater(Refusal refusal, String path, Duration retryAfter) {
        return of(refusal, path).header("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
    }
}
