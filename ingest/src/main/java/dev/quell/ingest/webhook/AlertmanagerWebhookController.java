package dev.quell.ingest.webhook;

import dev.quell.ingest.config.IngestConfig;
import dev.quell.ingest.http.IngestRequests;
import dev.quell.ingest.kafka.OversizeRecordException;
import dev.quell.service.http.Refusal;
import dev.quell.schemas.alertmanager.AlertmanagerWebhook;
import dev.quell.schemas.alertmanager.AlertmanagerWebhookParser;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.json.MalformedPayloadException;
import dev.quell.schemas.json.PayloadException;
import dev.quell.schemas.json.PayloadProblem;
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
import java.util.List;
import java.util.Map;

/**
 * {@code POST /webhooks/alertmanager}: one {@link AlertEvent} per alert of an Alertmanager
 * webhook v4, answered 200 only once Kafka acknowledged all of them. Alertmanager retries 5xx and
 * never 4xx, so input that cannot be read — or an alert too large for a Kafka record — gets 4xx
 * (retrying cannot help) and an unavailable Kafka gets 503 (retrying will).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class AlertmanagerWebhookController {

    static final String ROUTE = "webhook";
    static final String SOURCE = "ingest.webhook";

    private final AlertmanagerWebhookParser parser = new AlertmanagerWebhookParser();
    private final IngestRequests requests;
    private final Topic<String, AlertEvent> alerts;
    private final CorrelationKeys keys;
    private final Clock clock;

    public AlertmanagerWebhookController(IngestRequests requests, IngestConfig config, Clock clock) {
        this.requests = requests;
        this.alerts = config.topics().alerts();
        this.keys = config.correlationKeys();
        this.clock = clock;
    }

    @Post(uri = "/webhooks/alertmanager", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> receive(HttpRequest<?> request, @Nullable @Body byte[] body) {
        IngestRequests.Body read = requests.read(request, ROUTE, SOURCE, body);
        if (read.refusal() != null) {
            return read.refusal();
        }
        byte[] payload = read.bytes();
        if (IngestRequests.mediaType(request, IngestRequests.JSON_TYPES).isEmpty()) {
            return requests.refuse(request, ROUTE, SOURCE,
                    IngestRequests.unsupportedMediaType(request, IngestRequests.JSON_TYPES), payload);
        }
        AlertmanagerWebhook webhook;
        try {
            webhook = parser.parse(payload);
        } catch (MalformedPayloadException e) {
            return requests.refuse(request, ROUTE, SOURCE, new Refusal(HttpStatus.BAD_REQUEST, "malformed-json",
                    "Malformed JSON", e.getMessage(), e.problems()), payload);
        } catch (PayloadException e) {
            return requests.refuse(request, ROUTE, SOURCE, new Refusal(HttpStatus.UNPROCESSABLE_ENTITY,
                    "schema-violation", "Not an Alertmanager webhook v4", e.getMessage(), e.problems()),
                    payload);
        }
        List<Map.Entry<String, AlertEvent>> records = webhook.toAlertEvents(keys, clock.instant()).stream()
                .map(event -> Map.entry(event.correlationKey(), event))
                .toList();
        HttpResponse<?> notDurable;
        try {
            notDurable = requests.publish(request, ROUTE, payload.length, alerts, records);
        } catch (OversizeRecordException e) {
            return requests.refuse(request, ROUTE, SOURCE, tooLarge(e, records.size()), payload);
        }
        if (notDurable != null) {
            return notDurable;
        }
        return HttpResponse.ok(Map.of("accepted", records.size()));
    }

    /** An alert too large for a Kafka record: 413, as retrying cannot help; the webhook is taken all or none. */
    private static Refusal tooLarge(OversizeRecordException e, int alertCount) {
        String pointer = "/alerts/" + e.index();
        String problem = "its alert event is " + e.getMessage();
        return new Refusal(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "record-too-large", "Alert Too Large",
                pointer + ": " + problem + (alertCount == 1 ? "; the alert was not taken"
                        : "; none of the webhook's " + alertCount + " alerts was taken"),
                List.of(new PayloadProblem(pointer, problem)));
    }
}
