package dev.quell.ingest.http;

import dev.quell.service.http.Problem;
import dev.quell.service.http.Refusal;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.netty.handler.codec.compression.DecompressionException;
import jakarta.inject.Singleton;

/** A body whose {@code Content-Encoding} says gzip (or deflate) but that does not inflate: 400, dead-lettered. */
@Singleton
@Produces(Problem.CONTENT_TYPE)
public class CorruptEncodingHandler implements ExceptionHandler<DecompressionException, HttpResponse<?>> {

    private final IngestRequests requests;

    public CorruptEncodingHandler(IngestRequests requests) {
        this.requests = requests;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, DecompressionException exception) {
        String route = IngestRequests.routeOf(request.getPath());
        return requests.refuse(request, route, "ingest." + route,
                Refusal.of(HttpStatus.BAD_REQUEST, "malformed-request", "Body Does Not Match Its Encoding",
                        "the body does not inflate as its Content-Encoding says: " + exception.getMessage()),
                new byte[0]);
    }
}
