package dev.quell.schemas.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @ParameterizedTest
    @CsvSource({"1048576, 1048576", "100B, 100", "512KB, 524288", "64mb, 67108864", "' 1 GB ', 1073741824",
            "-1MB, -1048576", "+2kb, 2048", "0, 0"})
    void shouldReadBytesOrA1024BasedUnitInAnyCase(String text, long bytes) {
        assertThat(Sizes.parse(text)).hasValue(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "5 elephants", "MB", "1.5MB", "1TB", ""})
    void shouldSayWhatIsNotASize(String text) {
        assertThat(Sizes.parse(text)).isEmpty();
    }

    @Test
    void shouldRefuseASizeThatDoesNotFitALong() {
        assertThatThrownBy(() -> Sizes.parse("9000000000GB")).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Sizes.parse("99999999999999999999")).isInstanceOf(ArithmeticException.class);
    }
}
