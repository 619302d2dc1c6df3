package dev.quell.streams.rules;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quell.schemas.yaml.ConfigFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rules file Quell cannot use stops start-up with the file, the line and the problem. */
class RulesLoaderTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("rules.yml");
        Files.writeString(file, yaml);
        return file;
    }

    private static final String VALID_TAIL = """
            error_burst: {levels: [ERROR], threshold: 5, window: 1m, severity: P2}
            escalations: {log_corroboration: true}
            """;

    @Test
    void shouldNameTheLineOfYamlThatDoesNotParse() throws Exception {
        Path file = write("respond_within:\n  P0: 15m\n  P1: [unclosed\n");

        assertThatThrownBy(() -> RulesLoader.load(file))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(file + ":")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void shouldNameTheLineOfAnUnknownSeverity() throws Exception {
        Path file = write("""
                respond_within: {P0: 15m, P1: 1h, P2: 4h, P3: 24h}
                severity_rules:
                  - name: down
                    severity: P5
                    matchers: ['alertname="ServiceDown"']
                """ + VALID_TAIL);

        assertThatThrownBy(() -> RulesLoader.load(file))
                .hasMessage(file + ":4: 'P5' is not a severity (P0, P1, P2 or P3)");
    }

    @Test
    void shouldNameTheLineOfABadMatcher() throws Exception {
        Path file = write("""
                respond_within: {P0: 15m, P1: 1h, P2: 4h, P3: 24h}
                severity_rules:
                  - name: down
                    severity: P0
                    matchers:
                      - 'alertname=~"(unclosed"'
                """ + VALID_TAIL);

        assertThatThrownBy(() -> RulesLoader.load(file))
                .hasMessageStartingWith(file + ":6: ")
                .hasMessageContaining("bad regular expression");
    }

    @Test
    void shouldRefuseAnUnknownKeySoATypoIsNotIgnored() throws Exception {
        Path file = write("""
                respond_within: {P0: 15m, P1: 1h, P2: 4h, P3: 24h}
                severity_rules:
                  - name: down
                    severty: P0
                    matchers: []
                """ + VALID_TAIL);

        assertThatThrownBy(() -> RulesLoader.load(file))
                .hasMessage(file + ":4: unknown key 'severty' (known: name, severity, description, matchers)");
    }

    @Test
    void shouldRequireATimeForEverySeverity() throws Exception {
        Path file = write("""
                respond_within: {P0: 15m, P1: 1h, P2: 4h}
                severity_rules:
                  - {name: down, severity: P0, matchers: []}
                """ + VALID_TAIL);

        assertThatThrownBy(() -> RulesLoader.load(file)).hasMessageContaining("respond_within needs a time for P3");
    }

    @Test
    void shouldSayWhenTheFileIsMissing() {
        Path missing = dir.resolve("nope.yml");
        assertThatThrownBy(() -> RulesLoader.load(missing)).hasMessageStartingWith(missing + ":0: cannot read");
    }
}
