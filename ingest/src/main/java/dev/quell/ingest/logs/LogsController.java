package dev.quell.ingest.logs;

import dev.quell.ingest.config.IngestConfig;
import dev.quell.ingest.http.IngestRequests;
import dev.quell.ingest.kafka.OversizeRecordException;
import dev.quell.service.http.FirstItems;
import dev.quell.service.http.Problem;
import dev.quell.service.http.ProblemResponses;
import dev.quell.service.http.Refusal;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.json.MalformedPayloadException;
import dev.quell.schemas.json.PayloadException;
import dev.quell.schemas.topics.Topic;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /logs}: NDJSON, a JSON array or one JSON object of log documents (ECS, or the flat
 * shapes of Fluent Bit, Vector and Docker), gzip or not. One {@link LogEvent} per document, 200
 * once all good ones are durable; the bad ones — and any too large for a Kafka record — are listed
 * in the answer and dead-lettered.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class LogsController {

    static final String ROUTE = "logs";
    static final String SOURCE = "ingest.logs";
    private static final Set<String> ACCEPTED = accepted();

    private final IngestRequests requests;
    private final LogEventMapper mapper;
    private final Topic<String, LogEvent> logs;
    private final Clock clock;

    public LogsController(IngestRequests requests, LogEventMapper mapper, IngestConfig config, Clock clock) {
        this.requests = requests;
        this.mapper = mapper;
        this.logs = config.topics().logs();
        this.clock = clock;
    }

    @Post(uri = "/logs", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> receive(HttpRequest<?> request, @Nullable @Body byte[] body) {
        IngestRequests.Body read = requests.read(request, ROUTE, SOURCE, body);
        if (read.refusal() != null) {
            return read.refusal();
        }
        byte[] payload = read.bytes();
        Optional<String> type = IngestRequests.mediaType(request, ACCEPTED);
        if (type.isEmpty()) {
            return requests.refuse(request, ROUTE, SOURCE, IngestRequests.unsupportedMediaType(request, ACCEPTED), payload);
        }
        LogBatch.Documents documents;
        try {
            documents = IngestRequests.NDJSON_TYPES.contains(type.get()) ? LogBatch.ndjson(payload) : LogBatch.json(payload);
        } catch (MalformedPayloadException e) {
            return requests.refuse(request, ROUTE, SOURCE, new Refusal(HttpStatus.BAD_REQUEST, "malformed-json",
                    "Malformed JSON", e.getMessage(), e.problems()), payload);
        }

        Instant received = clock.instant();
        Tally tally = new Tally();
        HttpResponse<?> notDurable = requests.publish(request, ROUTE, payload.length, logs,
                send -> documents.forEach(item -> {
                    tally.documents++;
                    String problem = item.problem();
                    String reason = "bad-document";
                    if (problem == null) {
                        try {
                            LogEvent event = mapper.map(item.document(), received, item.pointer());
                            send.accept(event.correlationKey(), event);
                            tally.accepted++;
                            return;
                        } catch (PayloadException e) {
                            problem = item.line() != null ? "line " + item.line() + ": " + e.getMessage() : e.getMessage();
                        } catch (OversizeRecordException e) {
                            problem = item.place() + ": its log event is " + e.getMessage();
                            reason = "record-too-large";
                        }
                    }
                    tally.refused.add(new Problem.RefusedItem(item.line(), item.index(), problem));
                    requests.refuseItem(request, ROUTE, SOURCE, reason, problem, item.raw());
                }));
        if (notDurable != null) {
            return notDurable;
        }
        if (tally.documents == 0) {
            return requests.refuse(request, ROUTE, SOURCE, Refusal.of(HttpStatus.BAD_REQUEST, "empty",
                    "No Log Documents", "the body holds no log document"), payload);
        }
        if (tally.accepted == 0) {
            return ProblemResponses.of(new Refusal(HttpStatus.UNPROCESSABLE_ENTITY, "bad-document",
                    "No Usable Log Document", "none of the " + tally.documents + " documents could be taken",
                    FirstItems.none(), tally.refused), request.getPath());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", tally.accepted);
        answer.put("refused", tally.refused.listed());
        if (tally.refused.omitted() > 0) {
            answer.put("refusedOmitted", tally.refused.omitted());
        }
        return HttpResponse.ok(answer);
    }

    /** What became of a request's documents, counted while they are read and sent. */
    private static final class Tally {
        private int documents;
        private int accepted;
        private final FirstItems<Problem.RefusedItem> refused = new FirstItems<>();
    }

    private static Set<String> accepted() {
        Set<String> types = new HashSet<>(IngestRequests.JSON_TYPES);
        types.addAll(IngestRequests.NDJSON_TYPES);
        return Set.copyOf(types);
    }
}
