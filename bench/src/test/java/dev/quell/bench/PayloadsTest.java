package dev.quell.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.alertmanager.AlertFingerprint;
import dev.quell.schemas.json.Json;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    @Test
    void shouldSendEachAlertWithTheFingerprintOfItsLabelsAsAlertmanagerDoes() throws Exception {
        Payloads payloads = new Payloads();
        Set<String> fingerprints = new HashSet<>();
        for (int webhook = 0; webhook < 3; webhook++) {
            JsonNode alerts = Json.mapper().readTree(payloads.webhook()).get("alerts");
            assertThat(alerts).hasSize(Payloads.ALERTS_PER_WEBHOOK);
            for (JsonNode alert : alerts) {
                Map<String, String> labels = Json.mapper().convertValue(alert.get("labels"), new TypeReference<>() { });
                assertThat(alert.get("fingerprint").asText()).isEqualTo(AlertFingerprint.of(labels));
                fingerprints.add(alert.get("fingerprint").asText());
            }
        }
        assertThat(fingerprints).as("every alert distinct").hasSize(3 * Payloads.ALERTS_PER_WEBHOOK);
    }

    @Test
    void shouldMakeBodiesAheadOnceAndHandThemOutInTurn() {
        AtomicInteger made = new AtomicInteger();
        Supplier<byte[]> bodies = Payloads.madeAhead(3, () -> new byte[] {(byte) made.incrementAndGet()});

        assertThat(made).hasValue(3);
        assertThat(IntStream.range(0, 7).map(i -> bodies.get()[0])).containsExactly(1, 2, 3, 1, 2, 3, 1);
        assertThat(made).as("none made while they are handed out").hasValue(3);
    }
}
