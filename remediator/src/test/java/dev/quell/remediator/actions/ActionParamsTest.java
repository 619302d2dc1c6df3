package dev.quell.remediator.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The bounds a playbook puts on an action are read exactly, and a bad one names its parameter. */
class ActionParamsTest {

    private static ActionParams param(String name, String value) {
        return ActionParams.of(Map.of(name, value));
    }

    @Test
    void shouldTakeTheDefaultOfAParameterThatIsNotGiven() {
        ActionParams none = ActionParams.of(Map.of());

        assertThat(none.integer("maxConnections", 10, 1, 100)).isEqualTo(10);
        assertThat(none.bytes("maxBytes", 64L << 20)).isEqualTo(64L << 20);
        assertThat(none.fraction("maxUnavailable", 0.5)).isEqualTo(0.5);
        assertThat(none.bool("dryRun", true)).isTrue();
        assertThat(none.duration("idleFor", Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
        assertThat(none.list("pods")).isEmpty();
    }

    @Test
    void shouldTakeAWholeNumberOnItsBoundsAndRefuseOnePastThem() {
        assertThat(param("maxConnections", "1").integer("maxConnections", 10, 1, 100)).isEqualTo(1);
        assertThat(param("maxConnections", " 100 ").integer("maxConnections", 10, 1, 100)).isEqualTo(100);
        assertThatThrownBy(() -> param("maxConnections", "0").integer("maxConnections", 10, 1, 100))
                .hasMessage("param maxConnections: must be between 1 and 100");
        assertThatThrownBy(() -> param("maxConnections", "101").integer("maxConnections", 10, 1, 100))
                .hasMessage("param maxConnections: must be between 1 and 100");
        assertThatThrownBy(() -> param("maxConnections", "ten").integer("maxConnections", 10, 1, 100))
                .hasMessage("param maxConnections: 'ten' is not a whole number");
    }

    @ParameterizedTest
    @CsvSource({"100, 100", "100B, 100", "512KB, 524288", "64mb, 67108864", "2GB, 2147483648", "0, 0"})
    void shouldReadASizeWithItsUnit(String value, long bytes) {
        assertThat(param("maxBytes", value).bytes("maxBytes", 1)).isEqualTo(bytes);
    }

    @Test
    void shouldRefuseASizeThatIsNotOneOrIsNegativeOrTooLarge() {
        assertThatThrownBy(() -> param("maxBytes", "lots").bytes("maxBytes", 1))
                .hasMessage("param maxBytes: 'lots' is not a size (e.g. 512KB, 64MB)");
        assertThatThrownBy(() -> param("maxBytes", "-1MB").bytes("maxBytes", 1))
                .hasMessage("param maxBytes: '-1MB' is negative");
        assertThatThrownBy(() -> param("maxBytes", "9000000000GB").bytes("maxBytes", 1))
                .hasMessage("param maxBytes: '9000000000GB' is too large");
    }

    @Test
    void shouldTakeAFractionFromZeroToOneAndNothingElse() {
        assertThat(param("maxUnavailable", "0").fraction("maxUnavailable", 0.5)).isZero();
        assertThat(param("maxUnavailable", "1").fraction("maxUnavailable", 0.5)).isEqualTo(1.0);
        assertThat(param("maxUnavailable", "0.25").fraction("maxUnavailable", 0.5)).isEqualTo(0.25);
        for (String outside : new String[] {"1.01", "-0.1", "NaN"}) {
            assertThatThrownBy(() -> param("maxUnavailable", outside).fraction("maxUnavailable", 0.5))
                    .as(outside).hasMessage("param maxUnavailable: must be between 0 and 1");
        }
        assertThatThrownBy(() -> param("maxUnavailable", "half").fraction("maxUnavailable", 0.5))
                .hasMessage("param maxUnavailable: 'half' is not a fraction (e.g. 0.75)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "True", "1", ""})
    void shouldTakeOnlyTrueOrFalseAsABoolean(String value) {
        assertThatThrownBy(() -> param("force", value).bool("force", false))
                .hasMessage("param force: '" + value + "' is not true or false");
    }

    @Test
    void shouldReadTrueAndFalse() {
        assertThat(param("force", "true").bool("force", false)).isTrue();
        assertThat(param("force", "false").bool("force", true)).isFalse();
    }

    @Test
    void shouldReadAListOfCommaSeparatedItemsWithoutBlanks() {
        assertThat(param("patterns", " session:*, cache:* ,,").list("patterns")).containsExactly("session:*", "cache:*");
        assertThat(param("patterns", " ").list("patterns")).isEmpty();
    }

    @Test
    void shouldNameAnUnknownParameterAndTheKnownOnes() {
        ActionParams typo = ActionParams.of(Map.of("maxConection", "5"));

        assertThatThrownBy(() -> typo.allowOnly(Set.of("maxConnections", "idleFor")))
                .hasMessage("unknown param 'maxConection' (known: idleFor, maxConnections)");
    }

    @Test
    void shouldRequireAParameterThatHasNoDefaultAndNameABadDuration() {
        assertThatThrownBy(() -> param("pattern", " ").required("pattern", "session:*"))
                .hasMessage("param pattern is required (e.g. session:*)");
        assertThatThrownBy(() -> param("idleFor", "soon").duration("idleFor", Duration.ZERO))
                .hasMessageStartingWith("param idleFor: 'soon' is not a duration");
    }
}
