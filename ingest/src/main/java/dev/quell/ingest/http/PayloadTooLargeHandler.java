package dev.quell.ingest.http;

import dev.quell.service.http.Problem;
import dev.quell.service.http.Refusal;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ContentLengthExceededHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A body over {@code quell.ingest.max-body-size}: Micronaut stops reading it (before buffering
 * it whole) and this answers 413 as {@code application/problem+json}, with a dead letter that
 * records what was refused (the body itself was never read).
 */
@Singleton
@Produces(Problem.CONTENT_TYPE)
@Replaces(ContentLengthExceededHandler.class)
public class PayloadTooLargeHandler implements ExceptionHandler<ContentLengthExceededException, HttpResponse<?>> {

    private final IngestRequests requests;

    public PayloadTooLargeHandler(IngestRequests requests) {
        this.requests = requests;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ContentLengthExceededException exception) {
        String route = IngestRequests.routeOf(request.getPath());
        return requests.refuse(request, route, "ingest." + route,
                Refusal.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "payload-too-large", "Payload Too Large",
                        exception.getMessage()), new byte[0]);
    }
}
