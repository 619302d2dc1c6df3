package dev.quell.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListLimitTest {

    @Test
    void shouldTakeALimitFromOneToTenThousandAndAHundredWhenNoneIsGiven() {
        assertThat(ListLimit.parse(null)).isEqualTo(100);
        assertThat(ListLimit.parse(" ")).isEqualTo(100);
        assertThat(ListLimit.parse("1")).isEqualTo(1);
        assertThat(ListLimit.parse(" 7 ")).isEqualTo(7);
        assertThat(ListLimit.parse("10000")).isEqualTo(10_000);
    }

    @Test
    void shouldRefuseAnythingElseNamingTheParameterAndTheValue() {
        for (String bad : List.of("0", "-1", "10001", "ten", "1.5", "99999999999")) {
            assertThatThrownBy(() -> ListLimit.parse(bad)).as(bad)
                    .hasMessage("limit must be a whole number from 1 to 10000, got '" + bad + "'");
        }
    }
}
