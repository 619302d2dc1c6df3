package dev.quell.remediator.app;

import dev.quell.remediator.engine.RemediationEngine;
import dev.quell.remediator.kafka.RemediationEventLog;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.events.RemediationEvent;
import io.micronaut.core.annotation.Nullable;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The on-call engineer's controls: {@code GET /api/v1/remediations?incident=ID} (events, newest
 * first), {@code GET /api/v1/remediator} (mode, pause, playbooks, targets) and
 * {@code POST /api/v1/remediator/pause|resume} (a global switch kept in the ledger, so it survives restarts).
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RemediatorController {

    private final RemediationEngine engine;
    private final RemediationEventLog log;
    private final RemediatorConfig config;
    private final Playbooks playbooks;
    private final Targets targets;

    public RemediatorController(RemediationEngine engine, RemediationEventLog log, RemediatorConfig config,
                                Playbooks playbooks, Targets targets) {
        this.engine = engine;
        this.log = log;
        this.config = config;
        this.playbooks = playbooks;
        this.targets = targets;
    }

    @Get(uri = "/remediations", produces = MediaType.APPLICATION_JSON)
    public Map<String, List<RemediationEvent>> remediations(@Nullable @QueryValue String incident) {
        return Map.of("events", log.find(incident));
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
        return status;
    }

    @Post(uri = "/remediations/{id}/approve", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> approve(HttpRequest<?> request, @PathVariable String id) {
        return decided(request, id, engine.decide(id, true, who(request)));
    }

    @Post(uri = "/remediations/{id}/reject", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> reject(HttpRequest<?> request, @PathVariable String id) {
        return decided(request, id, engine.decide(id, false, who(request)));
    }

    private static HttpResponse<?> decided(HttpRequest<?> request, String id, RemediationEngine.Decision decision) {
        if (decision == RemediationEngine.Decision.UNKNOWN) {
            return ProblemResponses.of(Refusal.of(HttpStatus.NOT_FOUND, "no-such-approval", "No Such Approval",
                    "no open approval request " + id + " here (it may have expired or been decided; with several"
                            + " replicas, the one that owns its target holds it)"),
                    request.getPath());
        }
        return HttpResponse.ok(Map.of("id", id, "decision", decision.name().toLowerCase(java.util.Locale.ROOT)));
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
