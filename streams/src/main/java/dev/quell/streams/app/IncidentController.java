package dev.quell.streams.app;

import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.Severity;
import dev.quell.service.http.ListLimit;
import dev.quell.service.http.ProblemResponses;
import dev.quell.service.http.Refusal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /api/v1/incidents?status=open|resolved|all&severity=P0,P1&limit=100} (the most recently
 * updated first; {@code truncated} says whether more matched) and
 * {@code GET /api/v1/incidents/{id}}, from the incident store. With several streams instances, a
 * list says which other instances to ask too, and a single incident another instance holds is a
 * redirect to it.
 */
@Controller("/api/v1/incidents")
@ExecuteOn(TaskExecutors.BLOCKING)
public class IncidentController {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final IncidentQueries queries;

    public IncidentController(IncidentQueries queries) {
        this.queries = queries;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> list(HttpRequest<?> request, @Nullable @QueryValue String status,
                                @Nullable @QueryValue String severity, @Nullable @QueryValue String limit) {
        Set<IncidentStatus> statuses;
        Set<Severity> severities;
        int most;
        try {
            statuses = statuses(status);
            severities = severities(severity);
            most = ListLimit.parse(limit);
        } catch (IllegalArgumentException e) {
            return ProblemResponses.of(Refusal.of(HttpStatus.BAD_REQUEST, "bad-query", "Bad Query", e.getMessage()),
                    request.getPath());
        }
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            NewestFirst found = queries.local(statuses, severities, most);
            body.put("incidents", found.incidents());
            body.put("truncated", found.truncated());
            body.put("otherInstances", queries.otherInstances().stream().map(IncidentController::url).toList());
            return HttpResponse.ok(body);
        } catch (InvalidStateStoreException e) {
            return notReady(request);
        }
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> get(HttpRequest<?> request, @PathVariable String id) {
        IncidentQueries.Location location;
        try {
            location = queries.find(id);
        } catch (IllegalArgumentException e) {
            return notFound(request, "'" + id + "' is not an incident id");
        } catch (InvalidStateStoreException e) {
            return notReady(request);
        }
        if (!location.local()) {
            URI there = URI.create(url(location.owner()) + request.getPath());
            return HttpResponse.temporaryRedirect(there);
        }
        return location.incident().<HttpResponse<?>>map(HttpResponse::ok)
                .orElseGet(() -> notFound(request, "no incident " + id));
    }

    private static HttpResponse<?> notFound(HttpRequest<?> request, String detail) {
        return ProblemResponses.of(Refusal.of(HttpStatus.NOT_FOUND, "not-found", "Not Found", detail), request.getPath());
    }

    private static HttpResponse<?> notReady(HttpRequest<?> request) {
        return ProblemResponses.retryLater(Refusal.of(HttpStatus.SERVICE_UNAVAILABLE, "not-ready", "Not Ready",
                "the incident store is being restored or rebalanced; retry shortly"), request.getPath(), RETRY_AFTER);
    }

    static Set<IncidentStatus> statuses(String status) {
        String value = status == null ? "open" : status.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "open" -> EnumSet.of(IncidentStatus.OPEN);
            case "resolved" -> EnumSet.of(IncidentStatus.RESOLVED);
            case "all" -> EnumSet.allOf(IncidentStatus.class);
            default -> throw new IllegalArgumentException("status must be open, resolved or all, got '" + status + "'");
        };
    }

    static Set<Severity> severities(String severity) {
        if (severity == null || severity.isBlank()) {
            return EnumSet.allOf(Severity.class);
        }
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        for (String item : List.of(severity.split(","))) {
            try {
                severities.add(Severity.valueOf(item.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("severity must be P0, P1, P2 or P3 (or several, comma-separated), got '"
                        + item.trim() + "'");
            }
        }
        return severities;
    }

    private static String url(HostInfo host) {
        return "http://" + host.host() + ":" + host.port();
    }
}
