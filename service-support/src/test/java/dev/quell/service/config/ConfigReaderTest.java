package dev.quell.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every configuration value Quell cannot run with stops start-up with a message that starts with its key. */
class ConfigReaderTest {

    private static ConfigReader config(Map<String, Object> properties) {
        return new ConfigReader(new PropertySourcePropertyResolver(new MapPropertySource("test", properties)));
    }

    private static ConfigReader config(String key, Object value) {
        return config(Map.of(key, value));
    }

    @Test
    void shouldTakeTheDefaultOfWhatIsNotSetAndTreatABlankOptionalAsNotSet() {
        ConfigReader none = config(Map.of());

        assertThat(none.string("k", "fallback")).isEqualTo("fallback");
        assertThat(none.integer("k", 7, 1, 10)).isEqualTo(7);
        assertThat(none.bool("k", true)).isTrue();
        assertThat(none.duration("k", Duration.ofSeconds(3))).hasSeconds(3);
        assertThat(none.bytes("k", 42)).isEqualTo(42);
        assertThat(none.list("k", List.of("a"))).containsExactly("a");
        assertThat(config("k", "  ").optional("k")).isEmpty();
        assertThat(config("k", "v").optional("k")).contains("v");
    }

    @Test
    void shouldTakeAWholeNumberOnItsBoundsAndNameTheKeyPastThem() {
        assertThat(config("k", "1").integer("k", 5, 1, 10)).isEqualTo(1);
        assertThat(config("k", " 10 ").integer("k", 5, 1, 10)).isEqualTo(10);
        assertThatThrownBy(() -> config("k", "0").integer("k", 5, 1, 10))
                .isInstanceOf(ConfigException.class).hasMessage("k: must be between 1 and 10, got 0");
        assertThatThrownBy(() -> config("k", "11").integer("k", 5, 1, 10)).hasMessage("k: must be between 1 and 10, got 11");
        assertThatThrownBy(() -> config("k", "ten").integer("k", 5, 1, 10)).hasMessage("k: 'ten' is not a whole number");
    }

    @Test
    void shouldTakeOnlyTrueOrFalse() {
        assertThat(config("k", " false ").bool("k", true)).isFalse();
        assertThatThrownBy(() -> config("k", "yes").bool("k", true)).hasMessage("k: must be true or false, got 'yes'");
    }

    @Test
    void shouldTakeAPositiveDurationInEitherForm() {
        assertThat(config("k", "500ms").duration("k", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(config("k", "PT10S").duration("k", Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> config("k", "0s").duration("k", Duration.ZERO)).hasMessage("k: must be positive, got 0s");
        assertThatThrownBy(() -> config("k", "soon").duration("k", Duration.ZERO)).hasMessageStartingWith("k: 'soon' is not a duration");
    }

    @ParameterizedTest
    @CsvSource({"1048576, 1048576", "512KB, 524288", "5mb, 5242880", "1 GB, 1073741824"})
    void shouldReadASizeWithOrWithoutItsUnit(String value, long bytes) {
        assertThat(config("k", value).bytes("k", 1)).isEqualTo(bytes);
    }

    @Test
    void shouldNameTheKeyOfASizeThatIsNoneOrZeroOrTooLarge() {
        assertThatThrownBy(() -> config("k", "lots").bytes("k", 1))
                .hasMessage("k: 'lots' is not a size (e.g. 1048576, 512KB, 5MB)");
        assertThatThrownBy(() -> config("k", "0KB").bytes("k", 1)).hasMessage("k: must be positive, got 0KB");
        assertThatThrownBy(() -> config("k", "9000000000GB").bytes("k", 1)).hasMessage("k: '9000000000GB' is too large");
        assertThatThrownBy(() -> config("k", "99999999999999999999").bytes("k", 1))
                .isInstanceOf(ConfigException.class).hasMessage("k: '99999999999999999999' is too large");
    }

    @Test
    void shouldReadAListFromCommasOrYamlAndRefuseOneLeftEmpty() {
        assertThat(config("k", " a, b ,,c").list("k", List.of())).containsExactly("a", "b", "c");
        assertThat(config("k", List.of("a", "b, c")).list("k", List.of())).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> config("k", " , ").list("k", List.of("x"))).hasMessage("k: must name at least one item");
    }

    @Test
    void shouldReadASecretInlineOrFromItsFileButNotBoth(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "  s3cret\n");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");

        assertThat(config("k", "inline").secret("k", "k-file")).contains("inline");
        assertThat(config("k-file", file.toString()).secret("k", "k-file")).contains("s3cret");
        assertThat(config(Map.of()).secret("k", "k-file")).isEmpty();
        assertThatThrownBy(() -> config(Map.of("k", "inline", "k-file", file.toString())).secret("k", "k-file"))
                .hasMessage("k-file: set either k or k-file, not both");
        assertThatThrownBy(() -> config("k-file", empty.toString()).secret("k", "k-file"))
                .hasMessage("k-file: the file " + empty + " is empty");
        assertThatThrownBy(() -> config("k-file", dir.resolve("missing").toString()).secret("k", "k-file"))
                .hasMessageStartingWith("k-file: cannot read the file " + dir.resolve("missing"));
    }
}
