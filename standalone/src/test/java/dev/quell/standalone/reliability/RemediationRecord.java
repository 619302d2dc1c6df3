package dev.quell.standalone.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.kafka.TopicContents;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the remediator did, as its topics tell it: every remediation event, and the ledger's latest
 * entry per subject — and the checks every reliability test makes of them.
 */
final class RemediationRecord {

    final List<JsonNode> events = new ArrayList<>();
    final List<JsonNode> started = new ArrayList<>();
    /** Decisions (incident, version, playbook) that ended: verified, or failed (interrupted ones too). */
    final Set<String> ended = new TreeSet<>();
    final Map<String, Long> verifiedBySubject = new HashMap<>();
    /** Failed because the action's effect was not verified in time (what counts towards blocking a subject). */
    final Map<String, Long> unverifiedBySubject = new HashMap<>();
    /** Failed as interrupted: the remediator died while the action ran (reported after its restart). */
    long interrupted;
    final Set<String> escalatedSubjects = new TreeSet<>();
    /** From the latest ledger entry of each subject: when the engine recorded each start of the last hour. */
    final Map<String, List<Instant>> recordedStarts = new TreeMap<>();

    RemediationRecord(String bootstrap, Topics topics) {
        for (ConsumerRecord<String, byte[]> record : read(bootstrap, topics.remediations().name())) {
            JsonNode event = json(record.value());
            events.add(event);
            String phase = phase(event);
            String subject = event.path("subject").asText();
            switch (phase) {
                case "started" -> started.add(event);
                case "verified" -> {
                    ended.add(decision(event));
                    verifiedBySubject.merge(subject, 1L, Long::sum);
                }
                case "failed" -> {
                    ended.add(decision(event));
                    String reason = event.path("data").path("reason").asText();
                    if (reason.startsWith("not verified")) {
                        unverifiedBySubject.merge(subject, 1L, Long::sum);
                    } else if (reason.equals("interrupted")) {
                        interrupted++;
                    }
                }
                case "escalated" -> escalatedSubjects.add(subject);
                default -> {
                }
            }
        }
        Map<String, JsonNode> ledger = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : read(bootstrap, topics.ledger().name())) {
            ledger.put(record.key(), json(record.value()));
        }
        ledger.forEach((subject, entry) -> entry.path("recentActions").forEach(action -> recordedStarts
                .computeIfAbsent(subject, s -> new ArrayList<>()).add(Instant.parse(action.path("at").asText()))));
        recordedStarts.values().forEach(Collections::sort);
    }

    static String phase(JsonNode event) {
        String type = event.path("type").asText();
        return type.substring(type.lastIndexOf('.') + 1);
    }

    static String decision(JsonNode event) {
        JsonNode data = event.path("data");
        return data.path("incidentId").asText() + "#" + data.path("incidentVersion").asText() + "#" + data.path("playbook").asText();
    }

    Set<String> startedDecisions() {
        Set<String> decisions = new TreeSet<>();
        started.forEach(event -> decisions.add(decision(event)));
        return decisions;
    }

    Map<String, Integer> startsBySubject() {
        Map<String, Integer> starts = new TreeMap<>();
        started.forEach(event -> starts.merge(event.path("subject").asText(), 1, Integer::sum));
        return starts;
    }

    /** No decision started twice, every start ended, and the hourly budgets and cooldowns held. */
    void assertNoActionTwiceAndBoundsHeld(int budgetPerHour, int perSubjectPerHour, Duration cooldown) {
        Map<String, Integer> startsPerDecision = new HashMap<>();
        started.forEach(event -> startsPerDecision.merge(decision(event), 1, Integer::sum));
        assertThat(startsPerDecision).as("started events per decision (incident, version, playbook)")
                .allSatisfy((decision, count) -> assertThat(count).as(decision).isEqualTo(1));
        assertThat(ended).as("every started action ended (verified, or failed — interrupted ones too)")
                .containsAll(startsPerDecision.keySet());
        assertThat(started.size()).as("global budget per hour").isLessThanOrEqualTo(budgetPerHour);
        startsBySubject().forEach((subject, count) ->
                assertThat(count).as("runs on %s in the hour", subject).isLessThanOrEqualTo(perSubjectPerHour));
        // Cooldowns are read from the ledger: its entries hold the instants the engine decided and recorded each
        // start (an event's time is when it was published, a ledger write later, so a few ms apart either way).
        assertThat(recordedStarts.values().stream().mapToInt(List::size).sum()).as("starts in the ledger")
                .isEqualTo(started.size());
        recordedStarts.forEach((subject, times) -> {
            for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i))).as("cooldown on %s", subject)
                        .isGreaterThanOrEqualTo(cooldown);
            }
        });
    }

    /** What the target saw: never more runs than durable starts, never fewer than verifications. */
    void assertRunsOnTarget(String subject, long runs) {
        long starts = startsBySubject().getOrDefault(subject, 0);
        long verified = verifiedBySubject.getOrDefault(subject, 0L);
        assertThat(runs).as("runs seen on %s (started %d, verified %d)", subject, starts, verified).isBetween(verified, starts);
    }

    private static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic) {
        return TopicContents.readAll(bootstrap, topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static JsonNode json(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
