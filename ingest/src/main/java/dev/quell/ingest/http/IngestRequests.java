package dev.quell.ingest.http;

import dev.quell.service.http.Problem;
import dev.quell.service.http.ProblemResponses;
import dev.quell.service.http.Refusal;

import dev.quell.ingest.config.IngestConfig;
import dev.quell.ingest.kafka.DeadLetters;
import dev.quell.ingest.kafka.KafkaUnavailableException;
import dev.quell.ingest.kafka.OversizeRecordException;
import dev.quell.ingest.kafka.RecordPublisher;
import dev.quell.ingest.kafka.RecordStream;
import dev.quell.schemas.topics.Topic;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What every ingest route does the same way: read the body (inflating zstd and snappy), check its type,
 * refuse (metric, dead letter, problem response), and publish under the in-flight budget,
 * answering 429 or 503 when the records cannot be made durable now.
 */
@Singleton
public class IngestRequests {

    public static final Set<String> JSON_TYPES = Set.of("application/json");
    public static final Set<String> NDJSON_TYPES =
            Set.of("application/x-ndjson", "application/ndjson", "application/jsonl", "application/stream+json");

    /**
     * The content codings Quell inflates. Micronaut inflates gzip and deflate (and their aliases
     * x-gzip and x-deflate) before a controller reads the body, and drops the {@code Content-Encoding}
     * header once it has; {@link #read} inflates zstd, and snappy in both its forms ({@link SnappyPassThrough}).
     */
    public static final String DECODED_CODINGS = "gzip, deflate, zstd, snappy";

    private final DeadLetters deadLetters;
    private final IngestMetrics metrics;
    private final InFlightBytes inFlight;
    private final RecordPublisher publisher;
    private final Duration retryAfter;
    private final long maxBodyBytes;

    public IngestRequests(DeadLetters deadLetters, IngestMetrics metrics, InFlightBytes inFlight,
                          RecordPublisher publisher, IngestConfig config) {
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.publisher = publisher;
        this.retryAfter = config.retryAfter();
        this.maxBodyBytes = config.maxBodyBytes();
    }

    /** The media type without parameters, lower-case, when it is one of {@code accepted}. */
    public static Optional<String> mediaType(HttpRequest<?> request, Set<String> accepted) {
        return request.getContentType()
                .map(MediaType::getName)
                .map(String::toLowerCase)
                .filter(accepted::contains);
    }

    public static Refusal unsupportedMediaType(HttpRequest<?> request, Set<String> accepted) {
        String sent = request.getContentType().map(MediaType::toString).orElse("none");
        return Refusal.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported Media Type",
                "Content-Type " + sent + " is not accepted here; send one of " + String.join(", ", accepted.stream().sorted().toList()));
    }

    /** A request body as the route reads it — inflated, plain — or the refusal to answer instead. */
    public record Body(byte[] bytes, HttpResponse<Problem> refusal) {

        static Body of(byte[] bytes) {
            return new Body(bytes, null);
        }

        static Body refused(HttpResponse<Problem> refusal) {
            return new Body(null, refusal);
        }
    }

    /**
     * The body in plain bytes. A {@code Content-Encoding} header outlives Micronaut's decoding only
     * for a coding it does not inflate: zstd and snappy are inflated here (past
     * {@code quell.ingest.max-body-size} 413, not in their coding 400); any other (br, stacked codings) is refused 415 with {@code Accept-Encoding}
     * (RFC 9110, section 15.5.16). A refused body is dead-lettered as it came.
     */
    public Body read(HttpRequest<?> request, String route, String source, @Nullable byte[] body) {
        byte[] payload = body == null ? new byte[0] : body;
        String coding = request.getHeaders().get(HttpHeaders.CONTENT_ENCODING, String.class,
                request.getHeaders().get(SnappyPassThrough.ORIGINAL_ENCODING, String.class, "")).trim();
        if (coding.isEmpty() || coding.equalsIgnoreCase("identity")) {
            return Body.of(payload);
        }
        if (coding.equalsIgnoreCase("zstd") || coding.equalsIgnoreCase("snappy")) {
            try {
                return Body.of(coding.equalsIgnoreCase("zstd") ? ZstdBodies.inflate(payload, maxBodyBytes)
                        : SnappyBodies.inflate(payload, maxBodyBytes));
            } catch (BoundedInflation.TooLargeException e) {
                return Body.refused(refuse(request, route, source, Refusal.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                        "payload-too-large", "Payload Too Large", e.getMessage()), payload));
            } catch (IOException e) {
                return Body.refused(refuse(request, route, source, Refusal.of(HttpStatus.BAD_REQUEST,
                        "malformed-request", "Body Does Not Match Its Encoding",
                        "the body does not inflate as its Content-Encoding " + coding + " says: " + e.getMessage()),
                        payload));
            }
        }
        return Body.refused(refuse(request, route, source, Refusal.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported-content-encoding", "Unsupported Content Encoding", "Content-Encoding "
                                + coding + " is not one Quell decodes; send the body in one of "
                                + DECODED_CODINGS + ", or unencoded"), payload)
                .header(HttpHeaders.ACCEPT_ENCODING, DECODED_CODINGS));
    }

    /** Refuses the whole request: counts it, keeps the payload as a dead letter, answers with the problem. */
    public MutableHttpResponse<Problem> refuse(HttpRequest<?> request, String route, String source, Refusal refusal,
                                        byte[] payload) {
        metrics.refused(route, refusal.reason(), 1);
        deadLetters.record(source, refusal.status().getCode() + " " + refusal.detail(), payload, remoteAddress(request));
        return ProblemResponses.of(refusal, request.getPath());
    }

    /** Counts and dead-letters one refused item of a batch whose other items go on. */
    public void refuseItem(HttpRequest<?> request, String route, String source, String reason, String detail,
                           byte[] item) {
        metrics.refused(route, reason, 1);
        deadLetters.record(source, detail, item, remoteAddress(request));
    }

    /**
     * Publishes the records, all or none, and returns {@code null} once all are durable, or the
     * response to send instead: over the in-flight budget 429 (503 to Alertmanager, see
     * {@link #overBudgetStatus}), 503 when Kafka did not acknowledge in time.
     *
     * @throws OversizeRecordException when one of them is larger than Kafka takes: none was sent
     */
    public <K, V> HttpResponse<Problem> publish(HttpRequest<?> request, String route, long requestBytes,
                                                Topic<K, V> topic, List<Map.Entry<K, V>> records) {
        return records.isEmpty() ? null
                : publishUnderBudget(request, route, requestBytes, () -> publisher.publishAll(topic, records));
    }

    /**
     * Like {@link #publish(HttpRequest, String, long, Topic, List)} for records read while they are
     * sent: the in-flight budget is taken before the first is read, {@code null} also answers a
     * stream that sent nothing, and a record larger than Kafka takes is refused alone — the
     * {@code send} handed it throws {@link OversizeRecordException} for the caller to catch.
     */
    public <K, V> HttpResponse<Problem> publish(HttpRequest<?> request, String route, long requestBytes,
                                                Topic<K, V> topic, RecordStream<K, V> records) {
        return publishUnderBudget(request, route, requestBytes, () -> publisher.publishEach(topic, records));
    }

    /** A call of the publisher: how many records it sent, all of them durable. */
    @FunctionalInterface
    private interface Publication {
        int publish() throws KafkaUnavailableException;
    }

    private HttpResponse<Problem> publishUnderBudget(HttpRequest<?> request, String route, long requestBytes,
                                                     Publication publication) {
        if (!inFlight.tryAcquire(requestBytes)) {
            metrics.refused(route, "too-many-requests", 1);
            HttpStatus status = overBudgetStatus(route);
            return ProblemResponses.retryLater(Refusal.of(status, "too-many-requests", status.getReason(),
                    "Quell is waiting for Kafka to acknowledge as much as it will hold; retry in "
                            + retryAfter.toSeconds() + " s"), request.getPath(), retryAfter);
        }
        try {
            int sent = publication.publish();
            if (sent > 0) {
                metrics.accepted(route, sent);
            }
            return null;
        } catch (KafkaUnavailableException e) {
            metrics.refused(route, "kafka-unavailable", 1);
            return ProblemResponses.retryLater(Refusal.of(HttpStatus.SERVICE_UNAVAILABLE, "kafka-unavailable",
                    "Service Unavailable", e.getMessage() + "; the request was not accepted, retry it"),
                    request.getPath(), retryAfter);
        } finally {
            inFlight.release(requestBytes);
        }
    }

    /**
     * The answer while the in-flight budget is spent: 429 for log shippers, which retry it; 503 for
     * Alertmanager, which retries only 5xx — it gives up on a notification answered 429 at once
     * ("unrecoverable error after 1 attempts", Alertmanager 0.25), and the alert waits for the
     * group's next flush ({@code group_interval}, 5 min by default). AlertmanagerRetriesIT holds it.
     */
    static HttpStatus overBudgetStatus(String route) {
        return route.equals("webhook") ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.TOO_MANY_REQUESTS;
    }

    /** The metric tag of a path: {@code webhook}, {@code logs}, {@code bulk} or {@code other}. */
    public static String routeOf(String path) {
        if (path.startsWith("/webhooks/")) {
            return "webhook";
        }
        if (path.startsWith("/logs")) {
            return "logs";
        }
        return path.endsWith("/_bulk") ? "bulk" : "other";
    }

    public static String remoteAddress(HttpRequest<?> request) {
        InetSocketAddress address = request.getRemoteAddress();
        return address == null ? null : address.getAddress() == null ? address.getHostString()
                : address.getAddress().getHostAddress();
    }
}
