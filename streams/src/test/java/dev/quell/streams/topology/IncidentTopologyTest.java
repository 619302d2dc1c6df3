package dev.quell.streams.topology;

import static dev.quell.streams.topology.TopologyFixture.T0;
import static dev.quell.streams.topology.TopologyFixture.alert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.schemas.events.AlertEvent;
import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.RemediationEvent;
import dev.quell.schemas.events.RemediationPhase;
import dev.quell.schemas.events.Severity;
import dev.quell.streams.engine.EngineSettings;
import dev.quell.streams.rules.ClassificationRules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IncidentTopologyTest {

    private final TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static Duration min(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    private static Duration sec(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void shouldPublishABurstOfAlertsOnOneIncidentAsOneVersionAndEachIncidentOnce() {
        for (int pod = 0; pod < 50; pod++) { // a webhook of 50 alerts, split by ingest, as it arrives: within one emit-every
            AlertEvent alert = alert("KubePodNotReady", AlertStatus.FIRING, sec(1), "namespace", "prod", "service", "api",
                    "pod", "api-" + pod);
            fixture.alerts.pipeInput(alert.correlationKey(), alert, alert.receivedAt());
        }
        AlertEvent other = alert("HighCPUUsage", AlertStatus.FIRING, sec(1), "namespace", "prod", "service", "billing");
        fixture.alerts.pipeInput(other.correlationKey(), other, other.receivedAt());
        assertThat(fixture.incidents.isEmpty()).as("nothing published before emit-every passed").isTrue();
        assertThat(unpublishedKeys()).containsExactlyInAnyOrder("prod/api", "prod/billing");

        List<Incident> versions = fixture.versions();

        assertThat(versions).extracting(Incident::correlationKey).containsExactlyInAnyOrder("prod/api", "prod/billing");
        assertThat(versions).allSatisfy(incident -> assertThat(incident.version()).isEqualTo(1));
        assertThat(versions).filteredOn(incident -> incident.correlationKey().equals("prod/api"))
                .singleElement().satisfies(incident -> assertThat(incident.alerts()).hasSize(50));
        assertThat(unpublishedKeys()).as("nothing waits once published").isEmpty();

        AlertEvent more = alert("KubePodNotReady", AlertStatus.FIRING, sec(2), "namespace", "prod", "service", "api",
                "pod", "api-50");
        fixture.send(more);
        assertThat(fixture.versions()).singleElement().satisfies(incident -> {
            assertThat(incident.version()).isEqualTo(2);
            assertThat(incident.alerts()).hasSize(51);
        });
    }

    @Test
    void shouldClassifyAnIncidentAsItIsWhenItsVersionIsDueNotAsItWasBetween() {
        AlertEvent firing = alert("DiskSpaceLow", AlertStatus.FIRING, sec(1), "job", "dpa-api");
        AlertEvent resolved = alert("DiskSpaceLow", AlertStatus.RESOLVED, sec(1), "job", "dpa-api");
        fixture.alerts.pipeInput(firing.correlationKey(), firing, firing.receivedAt());
        fixture.alerts.pipeInput(resolved.correlationKey(), resolved, resolved.receivedAt()); // within one emit-every

        assertThat(fixture.versions()).as("nothing ever drove a severity at a version: no version").isEmpty();

        AlertEvent again = alert("DiskSpaceLow", AlertStatus.FIRING, sec(2), sec(2), "job", "dpa-api");
        fixture.send(again);
        assertThat(fixture.versions()).singleElement().satisfies(incident -> {
            assertThat(incident.version()).isEqualTo(1);
            assertThat(incident.severity()).isEqualTo(Severity.P2);
            assertThat(incident.alerts()).singleElement().satisfies(alert -> assertThat(alert.status()).isEqualTo(AlertStatus.FIRING));
        });
    }

    @Test
    void shouldGiveAReasonOnceWhenManyPodsOfOneAlertDecideTheSeverity() {
        List<AlertEvent> alerts = new java.util.ArrayList<>();
        for (int pod = 0; pod < 3; pod++) {
            alerts.add(alert("HighCPUUsage", AlertStatus.FIRING, sec(1), "namespace", "prod", "service", "api",
                    "pod", "api-" + pod));
        }
        alerts.add(alert("HighCPUUsage", AlertStatus.FIRING, sec(1), "namespace", "prod", "service", "api",
                "pod", "api-3", "severity", "critical")); // another label that the reason names: another reason
        alerts.forEach(alert -> fixture.alerts.pipeInput(alert.correlationKey(), alert, alert.receivedAt()));

        assertThat(fixture.versions()).singleElement().satisfies(incident -> {
            assertThat(incident.alerts()).hasSize(4);
            assertThat(incident.severityReasons()).extracting(Incident.SeverityReason::rule).containsExactly("cpu", "cpu");
            assertThat(incident.severityReasons()).extracting(Incident.SeverityReason::detail)
                    .anySatisfy(detail -> assertThat(detail).contains("(severity=critical)"))
                    .doesNotHaveDuplicates();
        });
    }

    @Test
    void shouldClassifyAnAlertByItsNewLabelsWhenTheyChangeUnderTheSameFingerprint() {
        AlertEvent cpu = alert("HighCPUUsage", AlertStatus.FIRING, sec(1), "job", "cot-studio");
        fixture.send(cpu);
        assertThat(fixture.versions()).singleElement().satisfies(incident -> assertThat(incident.severityReasons())
                .extracting(Incident.SeverityReason::rule).containsExactly("cpu"));

        // a sender that keeps its own fingerprint (Alertmanager's) while a label changes: a new startsAt, not a repeat
        AlertEvent disk = alert("DiskSpaceLow", AlertStatus.FIRING, sec(30), sec(31), "job", "cot-studio");
        fixture.send(new AlertEvent(cpu.fingerprint(), cpu.correlationKey(), disk.alertname(), disk.status(),
                disk.labels(), disk.annotations(), disk.startsAt(), null, null, disk.receiver(), disk.groupKey(), null,
                disk.receivedAt()));

        assertThat(fixture.versions()).singleElement().satisfies(incident -> {
            assertThat(incident.alerts()).hasSize(1);
            assertThat(incident.severity()).isEqualTo(Severity.P2);
            assertThat(incident.severityReasons()).extracting(Incident.SeverityReason::rule).containsExactly("disk-space");
        });
    }

    private List<String> unpublishedKeys() {
        List<String> keys = new java.util.ArrayList<>();
        try (var all = fixture.driver.<String, Long>getKeyValueStore(IncidentTopology.UNPUBLISHED_STORE).all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    @Test
    void shouldOpenOneIncidentForAFiringAlert() {
        fixture.send(alert("DiskSpaceLow", AlertStatus.FIRING, sec(1), "severity", "warning", "job", "dpa-api"));

        List<Incident> versions = fixture.versions();
        assertThat(versions).hasSize(1);
        Incident incident = versions.get(0);
        assertThat(incident.version()).isEqualTo(1);
        assertThat(incident.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incident.correlationKey()).isEqualTo("-/dpa-api");
        assertThat(incident.severity()).isEqualTo(Severity.P2);
        assertThat(incident.severityReasons()).extracting(Incident.SeverityReason::rule).containsExactly("disk-space");
        assertThat(incident.respondBy()).isEqualTo(T0.plus(sec(1)).plus(Duration.ofHours(4)));
        assertThat(incident.alerts()).singleElement().satisfies(a -> assertThat(a.alertname()).isEqualTo("DiskSpaceLow"));
    }

    @Test
    void shouldDropRepeatedAlertWhenStatusUnchanged() {
        AlertEvent first = alert("HighCPUUsage", AlertStatus.FIRING, sec(1), "job", "cot-studio");
        fixture.send(first);
        // Alertmanager's repeat_interval re-send and the HA twin: same fingerprint, status, startsAt
        AlertEvent repeat = alert("HighCPUUsage", AlertStatus.FIRING, min(240), "job", "cot-studio");
        fixture.send(repeat);
        fixture.send(repeat);

        assertThat(fixture.versions()).hasSize(1);
    }

    @Test
    void shouldNotEmitANewVersionWhenNothingAReaderCaresAboutChanged() {
        fixture.send(alert("HighCPUUsage", AlertStatus.FIRING, sec(1), "job", "cot-studio"));
        fixture.log("-", "cot-studio", "WARN", "slow query took 2300 ms", sec(5));

        assertThat(fixture.versions()).hasSize(1);
    }

    @Test
    void shouldResolveWhenNoAlertFiredForTheGracePeriodAndOpenANewIncidentOnALaterFiring() {
        fixture.send(alert("HighLatency", AlertStatus.FIRING, sec(1), "namespace", "one-data-system", "service", "data-api"));
        fixture.send(alert("HighLatency", AlertStatus.RESOLVED, min(3), "namespace", "one-data-system", "service", "data-api"));
        fixture.advanceWallClock(min(3).plus(min(4)));
        assertThat(fixture.latest().values()).allSatisfy(i -> assertThat(i.status()).isEqualTo(IncidentStatus.OPEN));

        fixture.advanceWallClock(min(2));
        Incident resolved = fixture.latest().values().iterator().next();
        assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(resolved.resolvedAt()).isNotNull();

        fixture.send(alert("HighLatency", AlertStatus.FIRING, min(20), "namespace", "one-data-system",
                "service", "data-api", "attempt", "again"));
        Incident reopened = fixture.latest().values().iterator().next();
        assertThat(reopened.id()).isNotEqualTo(resolved.id());
        assertThat(reopened.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(reopened.version()).isEqualTo(1);
    }

    @Test
    void shouldSayWhyTheSeverityIsKeptOnceNoAlertIsFiringAndWhenTheIncidentResolves() {
        String[] labels = {"severity", "critical", "job", "dpa-api"};
        fixture.send(alert("DatabasePoolExhausted", AlertStatus.FIRING, sec(1), labels));
        Incident firing = fixture.latest().values().iterator().next();
        assertThat(firing.severityReasons()).extracting(Incident.SeverityReason::rule).containsExactly("pool-exhausted");

        fixture.send(alert("DatabasePoolExhausted", AlertStatus.RESOLVED, min(3), labels));
        Incident quiet = fixture.latest().values().iterator().next();
        assertThat(quiet.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(quiet.severity()).as("kept until the incident resolves").isEqualTo(Severity.P1);
        assertThat(quiet.severityReasons()).extracting(Incident.SeverityReason::rule)
                .containsExactly("pool-exhausted", "kept:alerts-resolved");
        assertThat(quiet.severityReasons().get(1).detail()).isEqualTo("P1 kept: no alert has been firing since "
                + T0.plus(min(3)) + "; the severity and the reasons above stay as they were decided until the incident"
                + " resolves at " + T0.plus(min(3)).plus(EngineSettings.defaults().resolveGrace())
                + ", unless an alert fires again");

        fixture.send(alert("DatabasePoolExhausted", AlertStatus.RESOLVED, min(3), min(4), "severity", "critical",
                "job", "dpa-api", "pod", "dpa-api-2"));
        Incident quieter = fixture.latest().values().iterator().next();
        assertThat(quieter.alerts()).hasSize(2);
        assertThat(quieter.severityReasons()).as("said once, with the later time")
                .extracting(Incident.SeverityReason::rule).containsExactly("pool-exhausted", "kept:alerts-resolved");
        assertThat(quieter.severityReasons().get(1).detail()).contains("since " + T0.plus(min(4)) + ";");

        fixture.send(alert("DatabasePoolExhausted", AlertStatus.FIRING, min(4), min(4), labels));
        Incident again = fixture.latest().values().iterator().next();
        assertThat(again.id()).isEqualTo(quiet.id());
        assertThat(again.severityReasons()).as("firing again: decided from the alerts, nothing kept")
                .extracting(Incident.SeverityReason::rule).containsExactly("pool-exhausted");
    }

    @Test
    void shouldForgetAResolvedIncidentPastItsRetentionAndKeepAnOpenOne() {
        EngineSettings defaults = EngineSettings.defaults();
        try (TopologyFixture kept = new TopologyFixture(ClassificationRules.defaults(), new EngineSettings(
                defaults.flapTransitions(), defaults.flapWindow(), defaults.flapStableAfter(), defaults.lateGrace(),
                defaults.resolveGrace(), defaults.dedupWindow(), defaults.tickEvery(), Duration.ofHours(1), defaults.emitEvery()))) {
            kept.send(alert("HighLatency", AlertStatus.FIRING, sec(1), "namespace", "one-data-system", "service", "data-api"));
            kept.send(alert("HighLatency", AlertStatus.RESOLVED, min(1), "namespace", "one-data-system", "service", "data-api"));
            kept.send(alert("ServiceDown", AlertStatus.FIRING, min(1), "namespace", "one-data-system", "service", "agent-api"));
            kept.advanceWallClock(min(10));
            Map<String, Incident> latest = kept.latest();
            String resolved = latest.values().stream().filter(i -> i.status() == IncidentStatus.RESOLVED).findFirst()
                    .orElseThrow().id();
            String open = latest.values().stream().filter(i -> i.status() == IncidentStatus.OPEN).findFirst()
                    .orElseThrow().id();
            assertThat(kept.byId().get(resolved)).as("queryable while within its retention").isNotNull();

            kept.advanceWallClock(Duration.ofHours(1).plus(IncidentProcessor.sweepEvery(defaults.tickEvery(), Duration.ofHours(1))));

            assertThat(kept.byId().get(resolved)).as("forgotten past its retention").isNull();
            assertThat(kept.byId().get(open)).as("an open incident stays").isNotNull();
            assertThat(kept.incidents.readKeyValuesToList()).filteredOn(record -> record.value == null)
                    .as("its tombstone, so compaction drops it from the topic; none for the open one")
                    .containsExactly(KeyValue.pair(resolved, null));
        }
    }

    @Test
    void shouldSweepATenthOfTheRetentionAtMostHourlyAndNeverMoreOftenThanTheTick() {
        assertThat(IncidentProcessor.sweepEvery(Duration.ofSeconds(10), Duration.ofDays(7))).isEqualTo(Duration.ofHours(1));
        assertThat(IncidentProcessor.sweepEvery(Duration.ofSeconds(10), Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(6));
        assertThat(IncidentProcessor.sweepEvery(Duration.ofSeconds(10), Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldMarkTheSlaBreachedWhenAnOpenIncidentPassesRespondBy() {
        fixture.send(alert("ServiceDown", AlertStatus.FIRING, sec(0), "severity", "critical", "job", "agent-api",
                "namespace", "one-data-system"));
        assertThat(fixture.versions()).singleElement().satisfies(i -> {
            assertThat(i.severity()).isEqualTo(Severity.P0);
            assertThat(i.slaBreached()).isFalse();
        });

        fixture.advanceWallClock(min(16));

        assertThat(fixture.versions()).singleElement().satisfies(i -> {
            assertThat(i.slaBreached()).isTrue();
            assertThat(i.version()).isEqualTo(2);
        });
    }

    @Test
    void shouldInhibitLatencyWhileTheServiceIsDownAndKeepItOnTheIncident() {
        fixture.send(alert("HighLatency", AlertStatus.FIRING, sec(1), "severity", "warning",
                "namespace", "one-data-system", "service", "agent-api"));
        fixture.send(alert("ServiceDown", AlertStatus.FIRING, sec(2), "severity", "critical",
                "namespace", "one-data-system", "service", "agent-api"));

        Incident incident = fixture.latest().values().iterator().next();
        assertThat(incident.severity()).isEqualTo(Severity.P0);
        assertThat(incident.alerts()).hasSize(2);
        assertThat(incident.alerts()).filteredOn(a -> a.alertname().equals("HighLatency"))
                .singleElement().satisfies(a -> assertThat(a.inhibited()).isTrue());
        assertThat(incident.alerts()).filteredOn(a -> a.alertname().equals("ServiceDown"))
                .singleElement().satisfies(a -> assertThat(a.inhibited()).isFalse());
    }

    @Test
    void shouldInhibitTheWarningOfTheSameAlertnameByTheCriticalOne() {
        fixture.send(alert("HighErrorRate", AlertStatus.FIRING, sec(1), "severity", "warning", "job", "rag-pipeline"));
        fixture.send(alert("HighErrorRate", AlertStatus.FIRING, sec(2), "severity", "critical", "job", "rag-pipeline"));

        Incident incident = fixture.latest().values().iterator().next();
        assertThat(incident.alerts()).filteredOn(a -> "warning".equals(a.labels().get("severity")))
                .singleElement().satisfies(a -> assertThat(a.inhibited()).isTrue());
        assertThat(incident.severity()).isEqualTo(Severity.P1);
    }

    @Test
    void shouldLiftTheInhibitionOnceItsSourceResolves() {
        String[] labels = {"namespace", "one-data-system", "service", "agent-api"};
        fixture.send(alert("HighLatency", AlertStatus.FIRING, sec(1), labels));
        fixture.send(alert("ServiceDown", AlertStatus.FIRING, sec(2), labels));
        assertThat(fixture.latest().values().iterator().next().alerts())
                .filteredOn(a -> a.alertname().equals("HighLatency")).singleElement()
                .satisfies(a -> assertThat(a.inhibited()).isTrue());

        fixture.send(alert("ServiceDown", AlertStatus.RESOLVED, sec(60), labels));

        Incident incident = fixture.latest().values().iterator().next();
        assertThat(incident.alerts()).filteredOn(a -> a.alertname().equals("HighLatency")).singleElement()
                .satisfies(a -> assertThat(a.inhibited()).isFalse());
        assertThat(incident.severity()).as("HighLatency decides again").isEqualTo(Severity.P3);
    }

    @Test
    void shouldInhibitOnlyTheTargetsThatShareTheRulesEqualLabels() {
        // critical inhibits warning with equal [alertname]: a warning of another alertname stays
        fixture.send(alert("HighErrorRate", AlertStatus.FIRING, sec(1), "severity", "critical", "job", "rag-pipeline"));
        fixture.send(alert("HighMemoryUsage", AlertStatus.FIRING, sec(2), "severity", "warning", "job", "rag-pipeline"));

        Incident incident = fixture.latest().values().iterator().next();
        assertThat(incident.alerts()).hasSize(2).allSatisfy(a -> assertThat(a.inhibited()).isFalse());
    }

    @Test
    void shouldNotLetAnAlertMatchingBothSidesInhibitItselfOrItsTwin() {
        // a rule whose source and target both match every ServiceDown: neither inhibits the other
        TopologyFixture custom = new TopologyFixture(RulesWith.inhibitRule(
                "source_matchers: ['alertname=\"ServiceDown\"']\n    target_matchers: ['alertname=~\"Service.*\"']"),
                dev.quell.streams.engine.EngineSettings.defaults());
        try (custom) {
            custom.send(alert("ServiceDown", AlertStatus.FIRING, sec(1), "job", "a", "instance", "1"));
            custom.send(alert("ServiceDown", AlertStatus.FIRING, sec(2), "job", "a", "instance", "2"));
            custom.send(alert("ServiceDegraded", AlertStatus.FIRING, sec(3), "job", "a"));

            Incident incident = custom.latest().values().iterator().next();
            assertThat(incident.alerts()).filteredOn(a -> a.alertname().equals("ServiceDown"))
                    .allSatisfy(a -> assertThat(a.inhibited()).isFalse());
            assertThat(incident.alerts()).filteredOn(a -> a.alertname().equals("ServiceDegraded"))
                    .singleElement().satisfies(a -> assertThat(a.inhibited()).isTrue());
        }
    }

    @Test
    void shouldMarkAFlappingAlertAndHoldTheSeverityUntilItIsStable() {
        String[] labels = {"severity", "critical", "job", "dpa-api"};
        fixture.send(alert("DatabasePoolExhausted", AlertStatus.FIRING, min(0), min(0), labels));
        fixture.send(alert("DatabasePoolExhausted", AlertStatus.RESOLVED, min(0), min(1), labels));
        fixture.send(alert("DatabasePoolExhausted", AlertStatus.FIRING, min(2), min(2), labels));
        fixture.send(alert("DatabasePoolExhausted", AlertStatus.RESOLVED, min(2), min(3), labels));
        fixture.send(alert("DatabasePoolExhausted", AlertStatus.FIRING, min(4), min(4), labels));

        Incident flapping = fixture.latest().values().iterator().next();
        assertThat(flapping.flapping()).isTrue();
        assertThat(flapping.severity()).isEqualTo(Severity.P1);

        fixture.send(alert("DatabasePoolExhausted", AlertStatus.RESOLVED, min(4), min(5), labels));
        assertThat(fixture.latest().values().iterator().next().status())
                .as("held while flapping: a resolve does not start the way to resolution of severity")
                .isEqualTo(IncidentStatus.OPEN);

        fixture.advanceWallClock(min(5).plus(min(15)));
        Incident stable = fixture.latest().values().iterator().next();
        assertThat(stable.flapping()).isFalse();
    }

    @Test
    void shouldClassifyAnAlertThatFlappedBeforeItsIncidentsFirstVersionAsItWouldHaveLive() {
        // a backlog read at once (streams was down): five transitions before the first version is due
        String[] labels = {"severity", "critical", "job", "dpa-api"};
        for (int minute = 0; minute <= 5; minute++) { // firing, resolved, ... resolved: flapping from the fifth on
            AlertEvent alert = alert("DatabasePoolExhausted", minute % 2 == 0 ? AlertStatus.FIRING : AlertStatus.RESOLVED,
                    min(minute - minute % 2), min(minute), labels);
            fixture.alerts.pipeInput(alert.correlationKey(), alert, alert.receivedAt());
        }

        assertThat(fixture.versions()).as("as the same alerts give when each change is a version of its own")
                .singleElement().satisfies(incident -> {
                    assertThat(incident.flapping()).isTrue();
                    assertThat(incident.severity()).isEqualTo(Severity.P1);
                    assertThat(incident.status()).isEqualTo(IncidentStatus.OPEN);
                });
    }

    @Test
    void shouldOpenAnIncidentFromALogSignatureThatSaysSo() {
        fixture.log("short-drama-prod", "api", "ERROR", "FATAL: sorry, too many clients already", sec(10));

        Incident incident = fixture.versions().get(0);
        assertThat(incident.correlationKey()).isEqualTo("short-drama-prod/api");
        assertThat(incident.severity()).isEqualTo(Severity.P1);
        assertThat(incident.severityReasons()).extracting(Incident.SeverityReason::rule)
                .containsExactly("signature:too-many-connections");
        assertThat(incident.logSignals()).singleElement().satisfies(s -> assertThat(s.sample()).contains("too many clients"));
    }

    @Test
    void shouldNotOpenAnIncidentFromASignatureThatOnlyCorroborates() {
        fixture.log("short-drama-prod", "api", "ERROR", "ERROR: deadlock detected", sec(10));

        assertThat(fixture.versions()).isEmpty();
    }

    @Test
    void shouldTakeALateLogLineWithinGraceAndIgnoreOneBeyondIt() {
        fixture.send(alert("HighErrorRate", AlertStatus.FIRING, min(10), "severity", "warning",
                "namespace", "short-drama-prod", "service", "api"));
        assertThat(fixture.versions()).singleElement().satisfies(i -> assertThat(i.severity()).isEqualTo(Severity.P2));

        // 3 minutes before the incident opened: within the 5-minute grace, it corroborates (+1)
        fixture.log("short-drama-prod", "api", "ERROR", "FATAL: too many connections", min(7));
        assertThat(fixture.versions()).singleElement().satisfies(i -> {
            assertThat(i.severity()).isEqualTo(Severity.P1);
            assertThat(i.severityReasons()).extracting(Incident.SeverityReason::rule)
                    .contains("error-rate", "escalation:log-corroboration");
        });

        TopologyFixture other = new TopologyFixture();
        try (other) {
            other.send(alert("HighErrorRate", AlertStatus.FIRING, min(10), "severity", "warning",
                    "namespace", "short-drama-prod", "service", "api"));
            // 9 minutes behind stream time: beyond the grace, it counts for nothing
            other.log("short-drama-prod", "api", "ERROR", "FATAL: too many connections", min(1));
            assertThat(other.versions()).singleElement().satisfies(i -> {
                assertThat(i.severity()).isEqualTo(Severity.P2);
                assertThat(i.logSignals()).isEmpty();
            });
        }
    }

    @Test
    void shouldEscalateWhenSeveralDistinctAlertsFire() {
        fixture.send(alert("HighLatency", AlertStatus.FIRING, sec(1), "job", "rag-pipeline"));
        fixture.send(alert("HighCPUUsage", AlertStatus.FIRING, sec(2), "job", "rag-pipeline"));
        fixture.send(alert("RAGRetrievalLatencyHigh", AlertStatus.FIRING, sec(3), "job", "rag-pipeline"));

        Incident incident = fixture.latest().values().iterator().next();
        assertThat(incident.severity()).isEqualTo(Severity.P2);
        assertThat(incident.severityReasons()).extracting(Incident.SeverityReason::rule)
                .contains("escalation:distinct-alerts");
    }

    @Test
    void shouldEscalateAfterAFailedRemediationButNeverToP0() {
        fixture.send(alert("DatabasePoolExhausted", AlertStatus.FIRING, sec(1), "severity", "critical", "job", "dpa-api"));
        Incident incident = fixture.versions().get(0);
        assertThat(incident.severity()).isEqualTo(Severity.P1);

        RemediationEvent failed = RemediationEvent.of(RemediationPhase.FAILED, "/quell/remediator", T0.plus(sec(30)),
                new RemediationEvent.Data(incident.id(), 1, "pool-exhausted", "postgres.kill-idle-connections",
                        "postgres/dpa", "enforce", "verification failed", null, null));
        fixture.remediations.pipeInput(incident.id(), failed, T0.plus(sec(30)));

        // P1 + 1 stays P1; the new version says why
        assertThat(fixture.versions()).singleElement().satisfies(i -> {
            assertThat(i.version()).isEqualTo(2);
            assertThat(i.severity()).isEqualTo(Severity.P1);
            assertThat(i.severityReasons()).extracting(Incident.SeverityReason::rule)
                    .containsExactly("pool-exhausted", "escalation:failed-remediation", "escalation:cap");
        });
        assertThat(fixture.byId().get(incident.id()).version()).isEqualTo(2);
    }

    @Test
    void shouldEscalateAP3ByAFailedRemediation() {
        fixture.send(alert("HighCPUUsage", AlertStatus.FIRING, sec(1), "job", "cot-studio"));
        Incident incident = fixture.versions().get(0);

        RemediationEvent failed = RemediationEvent.of(RemediationPhase.ESCALATED, "/quell/remediator", T0.plus(sec(30)),
                new RemediationEvent.Data(incident.id(), 1, "p", "docker.restart-container", "docker/local", "enforce",
                        "failed verification twice", null, null));
        fixture.remediations.pipeInput(incident.id(), failed, T0.plus(sec(30)));
        fixture.remediations.pipeInput(incident.id(), failed, T0.plus(sec(31)));

        List<Incident> versions = fixture.versions();
        assertThat(versions).singleElement().satisfies(i -> {
            assertThat(i.severity()).isEqualTo(Severity.P2);
            assertThat(i.severityReasons()).extracting(Incident.SeverityReason::detail)
                    .anyMatch(detail -> detail.contains("1 remediation(s)"));
            assertThat(i.severityReasons()).extracting(Incident.SeverityReason::rule)
                    .as("P3 + 1 is P2: no cap reached").doesNotContain("escalation:cap");
        });
    }

    @Test
    void shouldCountAnErrorBurstAsASignal() {
        fixture.send(alert("HighErrorRate", AlertStatus.FIRING, sec(1), "severity", "warning",
                "namespace", "self-rag", "service", "rag-pipeline"));
        for (int i = 0; i < 20; i++) {
            fixture.log("self-rag", "rag-pipeline", "ERROR", "request failed " + i, sec(2 + i));
        }

        Incident incident = fixture.latest().values().iterator().next();
        assertThat(incident.logSignals()).extracting(Incident.LogSignal::signature).containsExactly("error-burst");
        assertThat(incident.severity()).isEqualTo(Severity.P1);
    }

    @Test
    void shouldCountOnlyErrorLevelLinesTowardsABurstAndSignalItOnceAtItsThreshold() {
        fixture.send(alert("HighErrorRate", AlertStatus.FIRING, sec(1), "severity", "warning",
                "namespace", "self-rag", "service", "rag-pipeline"));
        assertThat(fixture.versions()).hasSize(1);
        for (int i = 0; i < 30; i++) {
            fixture.log("self-rag", "rag-pipeline", "WARN", "retrying request " + i, sec(2 + i));
        }
        for (int i = 0; i < 19; i++) { // one short of the threshold (20 in a minute)
            fixture.log("self-rag", "rag-pipeline", "ERROR", "request failed " + i, sec(2 + i));
        }
        assertThat(fixture.versions()).as("30 warnings and 19 errors are no burst").isEmpty();

        fixture.log("self-rag", "rag-pipeline", "error", "request failed, late", sec(10)); // the 20th, out of order
        fixture.log("self-rag", "rag-pipeline", "ERROR", "request failed again", sec(40)); // the 21st: no second signal

        Incident incident = fixture.latest().values().iterator().next();
        assertThat(incident.logSignals()).singleElement().satisfies(burst -> {
            assertThat(burst.signature()).isEqualTo("error-burst");
            assertThat(burst.count()).isEqualTo(20);
            assertThat(burst.lastSeen()).as("the latest of the window's lines, not the last to arrive")
                    .isEqualTo(T0.plus(sec(20)));
            assertThat(burst.sample()).isEqualTo("request failed, late");
        });
    }

    @Test
    void shouldKeepTheFirstAndLastSightingOfASignatureWhateverTheOrderOfItsLines() {
        fixture.send(alert("DatabasePoolExhausted", AlertStatus.FIRING, sec(1), "severity", "critical",
                "namespace", "dpa", "service", "dpa-api"));
        fixture.log("dpa", "dpa-api", "ERROR", "ERROR: deadlock detected (second)", sec(30));
        fixture.log("dpa", "dpa-api", "ERROR", "ERROR: deadlock detected (first)", sec(20));
        fixture.log("dpa", "dpa-api", "ERROR", "ERROR: deadlock detected (third)", sec(40));
        fixture.send(alert("DatabaseConnectionsHigh", AlertStatus.FIRING, sec(50), "severity", "warning",
                "namespace", "dpa", "service", "dpa-api")); // a change that makes a version

        Incident incident = fixture.latest().values().iterator().next();
        assertThat(incident.logSignals()).singleElement().satisfies(deadlock -> {
            assertThat(deadlock.signature()).isEqualTo("deadlock");
            assertThat(deadlock.count()).isEqualTo(3);
            assertThat(deadlock.firstSeen()).isEqualTo(T0.plus(sec(20)));
            assertThat(deadlock.lastSeen()).isEqualTo(T0.plus(sec(40)));
            assertThat(deadlock.sample()).isEqualTo("ERROR: deadlock detected (third)");
        });
    }

    @Test
    void shouldPublishANewVersionWhenASignatureNewToTheIncidentIsSeen() {
        fixture.send(alert("DatabasePoolExhausted", AlertStatus.FIRING, sec(1), "severity", "critical",
                "namespace", "dpa", "service", "dpa-api"));
        fixture.log("dpa", "dpa-api", "ERROR", "ERROR: deadlock detected", sec(10));
        assertThat(fixture.versions()).hasSize(2).last().satisfies(incident -> assertThat(incident.logSignals())
                .extracting(Incident.LogSignal::signature).containsExactly("deadlock"));

        fixture.log("dpa", "dpa-api", "ERROR", "could not connect: Connection refused", sec(20));
        assertThat(fixture.versions()).as("a second signature, the severity and its reasons unchanged")
                .singleElement().satisfies(incident -> {
                    assertThat(incident.severity()).isEqualTo(Severity.P1);
                    assertThat(incident.logSignals()).extracting(Incident.LogSignal::signature)
                            .containsExactlyInAnyOrder("deadlock", "connection-refused");
                });

        fixture.log("dpa", "dpa-api", "ERROR", "ERROR: deadlock detected", sec(30));
        assertThat(fixture.versions()).as("one more line of a signature the incident has").isEmpty();
    }

    @Test
    void shouldNotEscalateForARemediationThatSucceededNorForOneOfAnIncidentQuellDidNotOpen() {
        fixture.send(alert("HighCPUUsage", AlertStatus.FIRING, sec(1), "job", "cot-studio"));
        Incident incident = fixture.versions().get(0);
        assertThat(incident.severity()).isEqualTo(Severity.P3);

        for (RemediationPhase phase : List.of(RemediationPhase.PLANNED, RemediationPhase.STARTED,
                RemediationPhase.SUCCEEDED, RemediationPhase.VERIFIED, RemediationPhase.SKIPPED)) {
            fixture.remediations.pipeInput(incident.id(), remediation(phase, incident.id()), T0.plus(sec(30)));
        }
        String foreign = "inc-not-one-of-quells";
        fixture.remediations.pipeInput(foreign, remediation(RemediationPhase.FAILED, foreign), T0.plus(sec(31)));

        assertThat(fixture.versions()).as("nothing failed on this incident").isEmpty();
        assertThat(fixture.deadLetters.readValuesToList()).as("a well-formed event for another incident").isEmpty();
    }

    private static RemediationEvent remediation(RemediationPhase phase, String incidentId) {
        return RemediationEvent.of(phase, "/quell/remediator", T0.plus(sec(30)), new RemediationEvent.Data(incidentId, 1,
                "p", "docker.restart-container", "docker/local", "enforce", phase.name().toLowerCase(), null, null));
    }

    @Test
    void shouldSendAnUnreadableAlertToTheDeadLettersAndKeepGoing() {
        fixture.rawAlerts.pipeInput("k", "{\"fingerprint\":".getBytes(StandardCharsets.UTF_8), T0);
        fixture.rawAlerts.pipeInput("k", "{\"fingerprint\":\"nothex\"}".getBytes(StandardCharsets.UTF_8), T0);
        fixture.send(alert("DiskSpaceLow", AlertStatus.FIRING, sec(1), "job", "dpa-api"));

        assertThat(fixture.deadLetters.readValuesToList()).hasSize(2).allSatisfy(letter -> {
            assertThat(letter.source()).isEqualTo("streams.alerts");
            assertThat(letter.reason()).containsAnyOf("not readable as AlertEvent", "/fingerprint");
        });
        assertThat(fixture.versions()).hasSize(1);
    }

    @Test
    void shouldKeepTheExactBytesOfABinaryAlertValueInItsDeadLetter() {
        byte[] binary = {(byte) 0xAC, (byte) 0xED, 0x00, 0x05, (byte) 0xFF, 0x7B, 0x22};
        fixture.rawAlerts.pipeInput("k", binary, T0);

        DeadLetter letter = fixture.deadLetters.readValue();
        assertThat(letter.payloadEncoding()).isEqualTo(DeadLetter.BASE64);
        assertThat(letter.keptBytes()).isEqualTo(binary);
        assertThat(letter.payloadBytes()).isEqualTo(binary.length);
    }
}
