package dev.quell.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.events.SampleEvents;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.validation.QuickCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldNameTheTopicsAsTheDesignDoes() {
        assertThat(Topics.defaults().all()).extracting(Topic::name).containsExactly(
                "quell.alerts.v1", "quell.logs.v1", "quell.incidents.v1", "quell.remediations.v1",
                "quell.remediation-ledger.v1", "quell.remediation-plans.v1", "quell.deadletter.v1");
    }

    @Test
    void shouldPutTheConfiguredPrefixBeforeEveryName() {
        assertThat(new Topics("staging.", 3).all()).allSatisfy(topic -> {
            assertThat(topic.name()).startsWith("staging.quell.");
            assertThat(topic.settings().partitions()).isEqualTo(3);
        });
    }

    @Test
    void shouldCompactSnapshotsAndExpireStreams() {
        Topics topics = Topics.defaults();
        assertThat(topics.incidents().settings().configs()).containsEntry("cleanup.policy", "compact");
        assertThat(topics.ledger().settings().configs()).containsEntry("cleanup.policy", "compact");
        assertThat(topics.alerts().settings().configs())
                .containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", "604800000");
        assertThat(topics.logs().settings().configs()).containsEntry("retention.ms", "259200000");
        assertThat(topics.remediations().settings().configs()).containsEntry("retention.ms", "2592000000");
        assertThat(topics.deadLetters().settings().configs()).containsEntry("retention.ms", "1209600000");
        assertThat(topics.alerts().settings().partitions()).isEqualTo(Topics.DEFAULT_PARTITIONS).isEqualTo(6);
    }

    @Test
    void shouldGiveTheInputTopicsTheirQuickChecksAndTheOthersNone() throws Exception {
        Topics topics = Topics.defaults();
        JsonNode alert = Json.mapper().valueToTree(SampleEvents.serviceDown());
        JsonNode log = Json.mapper().valueToTree(SampleEvents.ragPipelineLog());
        assertThat(topics.alerts().quickCheck().surelyValid(alert)).isTrue();
        assertThat(topics.logs().quickCheck().surelyValid(log)).isTrue();
        assertThat(topics.logs().quickCheck().surelyValid(alert)).isFalse();
        assertThat(List.of(topics.incidents(), topics.remediations(), topics.ledger(), topics.remediationPlans(),
                topics.deadLetters())).extracting(Topic::quickCheck).containsOnly(QuickCheck.NEVER_SURE);
    }

    @Test
    void shouldRefuseAPrefixKafkaCannotName() {
        assertThatThrownBy(() -> new Topics("bad prefix/", 6)).hasMessageContaining("topic prefix");
        assertThatThrownBy(() -> new Topics("", 0)).hasMessageContaining("at least one partition");
    }

    @Test
    void shouldRefuseARecordThatIsNotItsValueType() {
        byte[] junk = "{\"status\":".getBytes();
        assertThatThrownBy(() -> Topics.defaults().incidents().valueSerde().deserializer().deserialize("t", junk))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
                .hasMessageContaining("not a valid Incident");
    }
}
