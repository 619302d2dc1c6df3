package dev.quell.service.http;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The errors Micronaut answers by itself — no such route (404), wrong method (405), headers too
 * large — as {@code application/problem+json}, like every refusal of Quell's own, instead of
 * Micronaut's {@code vnd.error}. A request line or headers over Netty's limits
 * ({@code micronaut.server.netty.max-header-size}, 8 KB by default) get 431 (RFC 6585), not 413:
 * the body was not the problem.
 */
@Singleton
@Primary
public class ProblemErrorResponses implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String detail = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        if (headersTooLarge(status, context)) {
            status = HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            detail = "the request line or headers are larger than the server takes"
                    + " (micronaut.server.netty.max-header-size, max-initial-line-length)";
        }
        Refusal refusal = Refusal.of(status, status.getReason().toLowerCase(Locale.ROOT).replace(' ', '-'),
                status.getReason(), detail.isBlank() ? status.getReason() : detail);
        @SuppressWarnings("unchecked")
        MutableHttpResponse<Problem> problem = (MutableHttpResponse<Problem>) response;
        return problem.status(status).contentType(Problem.CONTENT_TYPE).body(refusal.toProblem(context.getRequest().getPath()));
    }

    /**
     * Netty's decoder refused the request before any route saw it: Micronaut answers 413 without a
     * cause. (A body over its limit carries its {@code ContentLengthExceededException}.)
     */
    private static boolean headersTooLarge(HttpStatus status, ErrorContext context) {
        return status == HttpStatus.REQUEST_ENTITY_TOO_LARGE && context.getRootCause().isEmpty();
    }
}
