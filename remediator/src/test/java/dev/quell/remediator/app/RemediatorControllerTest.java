package dev.quell.remediator.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.remediator.engine.MemoryLedger;
import dev.quell.remediator.engine.RemediationEngine;
import dev.quell.remediator.engine.RemediatorSettings;
import dev.quell.remediator.kafka.PlanSender;
import dev.quell.remediator.kafka.RemediationEventLog;
import dev.quell.remediator.playbooks.Playbook;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.LedgerEntry;
import dev.quell.schemas.events.RemediationPlan;
import dev.quell.schemas.events.Severity;
import dev.quell.schemas.topics.Topics;
import dev.quell.service.http.Problem;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** The approval routes when the answer must go to another replica and Kafka does not take it. */
class RemediatorControllerTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    @Test
    void shouldAnswer503SayingNothingWasDecidedWhenKafkaDoesNotTakeAnAnswerForAnotherReplica() throws Exception {
        Incident incident = new Incident("inc-cHJvZC9tYWlu-1795161600000", 1, "prod/main", IncidentStatus.OPEN, Severity.P1,
                List.of(), T0.plusSeconds(3600), false, T0, T0, null, List.of(new Incident.Alert("0123456789abcdef",
                "DatabasePoolExhausted", AlertStatus.FIRING, Map.of("alertname", "DatabasePoolExhausted"), T0, false)),
                List.of(), false);
        MemoryLedger ledger = new MemoryLedger(); // another replica holds the request: only the ledger knows it
        ledger.put(new LedgerEntry("postgres/main", List.of(), null, List.of(), 0, null, null, T0,
                List.of(new LedgerEntry.ApprovalRequest("approval-1", incident.id() + "/kill-idle/1", "kill-idle", T0,
                        Instant.now().plusSeconds(1800), incident))));
        RemediationEngine engine = new RemediationEngine(List.of(), Map.of(), new Targets(Map.of()), ledger,
                (id, event) -> { }, new RemediatorSettings(Playbook.Mode.APPROVAL, 20, 2, 2, Duration.ofMinutes(30),
                RemediatorSettings.SOURCE), Clock.systemUTC(), duration -> { });
        Topics topics = Topics.defaults();
        MockProducer<String, RemediationPlan> kafkaDown = new MockProducer<>();
        kafkaDown.partitionsForException = new TimeoutException("Topic quell.remediation-plans.v1 not present in metadata after 60000 ms.");
        RemediatorController controller = new RemediatorController(engine, new RemediationEventLog(10),
                new RemediatorConfig("127.0.0.1:9092", "", Playbook.Mode.APPROVAL, 20, 2, Optional.empty(), "quell-remediator",
                        Duration.ofMinutes(30), 2),
                new Playbooks(List.of()), new Targets(Map.of()), new PlanSender(topics.remediationPlans(), kafkaDown));

        HttpResponse<?> answer = controller.approve(HttpRequest.POST("http://127.0.0.1/api/v1/remediations/approval-1/approve",
                ""), "approval-1");

        assertThat(answer.getStatus().getCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.getCode());
        assertThat((String) answer.getHeaders().get("Retry-After")).isEqualTo("10");
        assertThat(answer.getBody(Problem.class)).hasValueSatisfying(problem -> assertThat(problem.detail()).isEqualTo(
                "the answer could not be carried to the replica that owns postgres/main (Kafka: Topic"
                        + " quell.remediation-plans.v1 not present in metadata after 60000 ms.); nothing was decided,"
                        + " send it again"));
        assertThat(kafkaDown.history()).isEmpty();
        assertThat(ledger.get("postgres/main").orElseThrow().awaitingApproval()).as("still waiting for its answer").hasSize(1);
    }
}
