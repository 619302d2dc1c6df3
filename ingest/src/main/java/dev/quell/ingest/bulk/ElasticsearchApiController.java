package dev.quell.ingest.bulk;

import dev.quell.ingest.config.IngestConfig;
import dev.quell.ingest.http.IngestRequests;
import dev.quell.ingest.kafka.OversizeRecordException;
import dev.quell.service.http.Problem;
import dev.quell.service.http.Refusal;
import dev.quell.ingest.logs.LogEventMapper;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.json.PayloadException;
import dev.quell.schemas.topics.Topic;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Head;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.Set;

/**
 * Enough of the Elasticsearch API for log shippers to deliver to Quell with only their host
 * changed: {@code POST /_bulk} (and {@code /{index}/_bulk}), {@code GET /} (the version document
 * they check), {@code GET /_cluster/health} (Vector's health check) and {@code GET /_license}.
 * Documents go to {@code quell.logs.v1} like {@code POST /logs}; the shipper's index name is not kept.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class ElasticsearchApiController {

    /** The Elasticsearch version Quell answers as: shippers pick their bulk dialect by its major. */
    public static final String COMPATIBLE_VERSION = "8.19.0";
    static final String ROUTE = "bulk";
    static final String SOURCE = "ingest.bulk";
    private static final String PRODUCT_HEADER = "X-Elastic-Product";
    private static final Set<String> ACCEPTED = Set.of("application/x-ndjson", "application/json");

    private final IngestRequests requests;
    private final LogEventMapper mapper;
    private final Topic<String, LogEvent> logs;
    private final Clock clock;

    public ElasticsearchApiController(IngestRequests requests, LogEventMapper mapper, IngestConfig config, Clock clock) {
        this.requests = requests;
        this.mapper = mapper;
        this.logs = config.topics().logs();
        this.clock = clock;
    }

    @Get(uri = "/", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> info() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("number", COMPATIBLE_VERSION);
        version.put("build_flavor", "default");
        version.put("build_type", "quell");
        version.put("build_hash", "quell");
        version.put("build_date", "2025-01-01T00:00:00.000Z");
        version.put("build_snapshot", false);
        version.put("lucene_version", "9.12.0");
        version.put("minimum_wire_compatibility_version", "7.17.0");
        version.put("minimum_index_compatibility_version", "7.0.0");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "quell-ingest");
        body.put("cluster_name", "quell");
        body.put("cluster_uuid", "quell");
        body.put("version", version);
        body.put("tagline", "You Know, for Search");
        return elasticsearch(HttpResponse.ok(body));
    }

    @Head(uri = "/")
    public HttpResponse<?> ping() {
        return elasticsearch(HttpResponse.ok());
    }

    @Get(uri = "/_cluster/health", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> clusterHealth() {
        return elasticsearch(HttpResponse.ok(Map.of("cluster_name", "quell", "status", "green",
                "timed_out", false, "number_of_nodes", 1, "number_of_data_nodes", 1)));
    }

    @Get(uri = "/_license", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> license() {
        return elasticsearch(HttpResponse.ok(Map.of("license",
                Map.of("status", "active", "uid", "quell", "type", "basic", "issued_to", "quell", "issuer", "quell"))));
    }

    @Post(uri = "/_bulk", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> bulk(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return handle(request, body, null);
    }

    @Post(uri = "/{index}/_bulk", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> bulkInto(HttpRequest<?> request, @PathVariable String index, @Nullable @Body byte[] body) {
        return handle(request, body, index);
    }

    private HttpResponse<?> handle(HttpRequest<?> request, @Nullable byte[] body, @Nullable String defaultIndex) {
        long started = System.nanoTime();
        IngestRequests.Body read = requests.read(request, ROUTE, SOURCE, body);
        if (read.refusal() != null) {
            return elasticsearch(read.refusal());
        }
        byte[] payload = read.bytes();
        if (IngestRequests.mediaType(request, ACCEPTED).isEmpty()) {
            return elasticsearch(requests.refuse(request, ROUTE, SOURCE,
                    IngestRequests.unsupportedMediaType(request, ACCEPTED), payload));
        }
        BulkRequest.Actions actions;
        try {
            actions = BulkRequest.parse(payload, defaultIndex);
        } catch (BulkRequest.MalformedBulkException e) {
            return elasticsearch(requests.refuse(request, ROUTE, SOURCE, Refusal.of(HttpStatus.BAD_REQUEST,
                    "malformed-bulk", "Malformed Bulk Request", e.getMessage()), payload));
        }

        Instant received = clock.instant();
        Results results = new Results();
        HttpResponse<Problem> notDurable = requests.publish(request, ROUTE, payload.length, logs,
                send -> actions.forEach(item -> {
                    String id = item.id() != null ? item.id() : newId();
                    String error = item.error();
                    String reason = "bad-document";
                    if (error == null) {
                        try {
                            LogEvent event = mapper.map(item.document(), received, "");
                            send.accept(event.correlationKey(), event);
                            results.items.add(BulkAnswer.Item.of(item.action(), BulkAnswer.Outcome.created(index(item), id)));
                            return;
                        } catch (PayloadException e) {
                            error = "the document of the action on line [" + item.line() + "]: " + e.getMessage();
                        } catch (OversizeRecordException e) {
                            error = "the document of the action on line [" + item.line() + "]: its log event is "
                                    + e.getMessage();
                            reason = "record-too-large";
                        }
                    }
                    results.errors = true;
                    results.items.add(BulkAnswer.Item.of(item.action(), BulkAnswer.Outcome.failed(index(item), id, error)));
                    requests.refuseItem(request, ROUTE, SOURCE, reason, error, item.raw());
                }));
        if (notDurable != null) {
            return elasticsearch(notDurable);
        }
        long took = (System.nanoTime() - started) / 1_000_000;
        return elasticsearch(HttpResponse.ok(new BulkAnswer(took, results.errors, results.items)));
    }

    /** The bulk answer's items, one per action, built while the actions are read and sent. */
    private static final class Results {
        private final List<BulkAnswer.Item> items = new ArrayList<>();
        private boolean errors;
    }

    /** The index the shipper named (or "quell"), echoed back as Elasticsearch does. */
    private static String index(BulkRequest.Item item) {
        return item.index() == null ? "quell" : item.index();
    }

    /** An id like Elasticsearch's auto ids: unique, not secret (no shared SecureRandom for every thread to queue on). */
    private static String newId() {
        byte[] bytes = new byte[15];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static <T> MutableHttpResponse<T> elasticsearch(HttpResponse<T> response) {
        return ((MutableHttpResponse<T>) response).header(PRODUCT_HEADER, "Elasticsearch");
    }
}
