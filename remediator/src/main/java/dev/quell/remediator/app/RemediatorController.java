package dev.quell.remediator.app;

import dev.quell.remediator.engine.RemediationEngine;
import dev.quell.remediator.kafka.PlanSender;
import dev.quell.remediator.kafka.RemediationEventLog;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPlan;
import io.micronaut.core.annotation.Nullable;
import dev.quell.service.http.ListLimit;
import dev.quell.service.http.ProblemResponses;
import dev.quell.service.http.Refusal;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;

/**
 * The on-call engineer's controls: {@code GET /api/v1/remediations?incident=ID} (events, newest
 * first), {@code GET /api/v1/remediator} (mode, pause, playbooks, targets) and
 * {@code POST /api/v1/remediator/pause|resume} (a global switch kept in the ledger, so it survives restarts),
 * {@code GET /api/v1/approvals} (the requests waiting for a human) and
 * {@code POST /api/v1/remediations/{id}/approve|reject} (answered on any replica).
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RemediatorController {

    /** How long an answer waits for the broker's acknowledgement on its way to the replica that owns its target. */
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

    private final RemediationEngine engine;
    private final RemediationEventLog log;
    private final RemediatorConfig config;
    private final Playbooks playbooks;
    private final Targets targets;
    private final PlanSender plans;

    public RemediatorController(RemediationEngine engine, RemediationEventLog log, RemediatorConfig config,
                                Playbooks playbooks, Targets targets, PlanSender plans) {
        this.engine = engine;
        this.log = log;
        this.config = config;
        this.playbooks = playbooks;
        this.targets = targets;
        this.plans = plans;
    }

    /** The newest {@code limit} events (of one incident, or all), and whether there were more. */
    @Get(uri = "/remediations", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> remediations(HttpRequest<?> request, @Nullable @QueryValue String incident,
                                        @Nullable @QueryValue String limit) {
        int most;
        try {
            most = ListLimit.parse(limit);
        } catch (IllegalArgumentException e) {
            return ProblemResponses.of(Refusal.of(HttpStatus.BAD_REQUEST, "bad-query", "Bad Query", e.getMessage()),
                    request.getPath());
        }
        List<RemediationEvent> events = log.find(incident);
        return HttpResponse.ok(Map.of("events", events.subList(0, Math.min(most, events.size())),
                "truncated", events.size() > most));
    }

    @Get(uri = "/remediator", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("mode", config.mode().wireName());
        status.put("paused", engine.paused());
        status.put("budgetPerHour", config.budgetPerHour());
        status.put("playbooks", playbooks.all().stream().map(p -> Map.of("name", p.name(), "action", p.action(),
                "target", p.target())).toList());
        status.put("targets", targets.ids());
        status.put("pendingApprovals", engine.pendingApprovals());
        status.put("approvalsHeldHere", engine.heldApprovals());
        return status;
    }

    /** Every replica's open approval requests, the oldest first: what each would run on what, for which incident, until when. */
    @Get(uri = "/approvals", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> approvals() {
        return Map.of("approvals", engine.openApprovals());
    }

    @Post(uri = "/remediations/{id}/approve", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> approve(HttpRequest<?> request, @PathVariable String id) throws InterruptedException {
        return answer(request, id, true);
    }

    @Post(uri = "/remediations/{id}/reject", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> reject(HttpRequest<?> request, @PathVariable String id) throws InterruptedException {
        return answer(request, id, false);
    }

    /**
     * Decided here when this replica holds the request (200 with the decision); carried to the
     * replica that owns its target otherwise (202: that one decides, and its events tell how).
     */
    private HttpResponse<?> answer(HttpRequest<?> request, String id, boolean approve) throws InterruptedException {
        String who = who(request);
        RemediationEngine.Decision decision = engine.decide(id, approve, who);
        if (decision != RemediationEngine.Decision.UNKNOWN) {
            return HttpResponse.ok(Map.of("id", id, "decision", decision.name().toLowerCase(java.util.Locale.ROOT)));
        }
        Optional<RemediationPlan> elsewhere = engine.answerFor(id, approve, who);
        if (elsewhere.isEmpty()) {
            return ProblemResponses.of(Refusal.of(HttpStatus.NOT_FOUND, "no-such-approval", "No Such Approval",
                    "no open approval request " + id + " (it may have expired or been decided)"), request.getPath());
        }
        try {
            plans.send(elsewhere.get()).get(FORWARD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) { // KafkaException: no metadata in time
            String why = e instanceof TimeoutException ? "not acknowledged within " + FORWARD_TIMEOUT.toSeconds() + " s"
                    : e.getMessage();
            return ProblemResponses.retryLater(Refusal.of(HttpStatus.SERVICE_UNAVAILABLE, "kafka-unavailable",
                    "Kafka Unavailable", "the answer could not be carried to the replica that owns "
                            + elsewhere.get().target() + " (Kafka: " + why + "); nothing was decided, send it again"),
                    request.getPath(), FORWARD_TIMEOUT);
        }
        return HttpResponse.accepted().body(Map.of("id", id, "decision", "forwarded", "detail",
                "sent to the replica that owns " + elsewhere.get().target() + "; it decides, and its events on "
                        + config.topics().remediations().name() + " tell the outcome"));
    }

    private static String who(HttpRequest<?> request) {
        return "the on-call engineer at " + request.getRemoteAddress().getAddress().getHostAddress();
    }

    @Post(uri = "/remediator/pause", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> pause() {
        engine.setPaused(true);
        return status();
    }

    @Post(uri = "/remediator/resume", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> resume() {
        engine.setPaused(false);
        return status();
    }
}
