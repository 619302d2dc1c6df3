package dev.quell.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.Severity;
import dev.quell.schemas.topics.JsonSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class RecordSizedVersionsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T06:00:00Z");
    private static final int LIMIT = 8_192;
    private int limit = LIMIT;

    private final Serializer<Incident> serializer = new JsonSerde<>(Incident.class).serializer();
    private final List<String> told = new ArrayList<>();
    private final RecordSizedVersions versions = new RecordSizedVersions(serializer, "incidents", () -> limit,
            new TopologyEvents() {
                @Override
                public void oversizeVersion(Incident version, boolean published) {
                    told.add(version.id() + (published ? " published" : " not published"));
                }
            });

    @Test
    void shouldPublishAVersionThatFitsAsItIs() {
        Incident small = incident(List.of(alert(0, AlertStatus.FIRING, false, 100)), "P1: alert X is firing");

        assertThat(versions.fitted(small)).containsSame(small);
        assertThat(told).isEmpty();
    }

    @Test
    void shouldListFewerAlertsLeavingTheFiringUninhibitedOnesOutLast() {
        List<Incident.Alert> alerts = new ArrayList<>();
        IntStream.range(0, 12).forEach(i -> alerts.add(alert(i, i % 3 == 0 ? AlertStatus.FIRING : AlertStatus.RESOLVED,
                false, 900)));
        alerts.add(alert(12, AlertStatus.FIRING, true, 900));
        Incident large = incident(alerts, "P1: alert X is firing");
        assertThat(size(large)).isGreaterThan(LIMIT);

        Incident fitted = versions.fitted(large).orElseThrow();

        assertThat(size(fitted) + fitted.id().length()).isLessThanOrEqualTo(LIMIT);
        assertThat(fitted.alerts().size() + fitted.alertsOmitted()).isEqualTo(13);
        // ranked: the firing, uninhibited alerts 0, 3, 6, 9; the inhibited 12; then the resolved ones in order
        List<String> ranked = List.of(0, 3, 6, 9, 12, 1, 2, 4, 5, 7, 8, 10, 11).stream()
                .map(RecordSizedVersionsTest::fingerprint).toList();
        int listed = fitted.alerts().size();
        assertThat(listed).as("every firing alert fits, not every alert").isBetween(5, 12);
        assertThat(fitted.alerts()).extracting(Incident.Alert::fingerprint)
                .as("the first of the ranking, in the incident's order")
                .containsExactlyElementsOf(alerts.stream().map(Incident.Alert::fingerprint)
                        .filter(ranked.subList(0, listed)::contains).toList());
        assertThat(fitted).usingRecursiveComparison().ignoringFields("alerts", "alertsOmitted").isEqualTo(large);
        assertThat(told).containsExactly(large.id() + " published");
    }

    @Test
    void shouldNotPublishAVersionTooLargeEvenWithoutAlerts() {
        Incident hopeless = incident(List.of(alert(0, AlertStatus.FIRING, false, 10)), "P1: " + "x".repeat(LIMIT));

        Optional<Incident> fitted = versions.fitted(hopeless);

        assertThat(fitted).isEmpty();
        assertThat(told).containsExactly(hopeless.id() + " not published");
    }

    @Test
    void shouldCutTheNextVersionToALimitLoweredSinceTheLast() {
        Incident twoAlerts = incident(List.of(alert(0, AlertStatus.FIRING, false, 1_500),
                alert(1, AlertStatus.FIRING, false, 1_500)), "P1: alert X is firing");
        assertThat(versions.fitted(twoAlerts)).containsSame(twoAlerts);

        limit = size(twoAlerts) + twoAlerts.id().length() - 200; // one alert must go, one still fits
        Incident fitted = versions.fitted(twoAlerts).orElseThrow();

        assertThat(fitted.alerts()).hasSize(1);
        assertThat(fitted.alertsOmitted()).isEqualTo(1);
    }

    private int size(Incident incident) {
        return serializer.serialize("incidents", incident).length;
    }

    private static Incident incident(List<Incident.Alert> alerts, String reason) {
        return new Incident("inc-cHJvZC9hcGk-1796623200000", 4, "prod/api", IncidentStatus.OPEN, Severity.P1,
                List.of(new Incident.SeverityReason("error-rate", reason)), T0.plusSeconds(3600), false, T0, T0, null,
                alerts, List.of(), false);
    }

    private static Incident.Alert alert(int n, AlertStatus status, boolean inhibited, int labelBytes) {
        return new Incident.Alert(fingerprint(n), "HighErrorRate", status,
                Map.of("alertname", "HighErrorRate", "pod", "api-" + n, "detail", "d".repeat(labelBytes)), T0, inhibited);
    }

    private static String fingerprint(int n) {
        return String.format("%016x", n);
    }
}
