package dev.quell.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quell.schemas.yaml.ConfigFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    private static final String VALID_HEAD = """
            respond_within: {P0: 15m, P1: 1h, P2: 4h, P3: 24h}
            severity_rules:
              - {name: down, severity: P0, matchers: []}
            """;

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            inhibit_rules: [{source_matchers: [], target_matchers: [], equals: [alertname]}] | equals
            log_signatures: [{name: oom, pattern: OOMKilled, severity: P2, opens_incidents: true}] | opens_incidents
            error_burst: {levels: [ERROR], threshold: 5, window: 1m, severity: P2, treshold: 6} | treshold
            escalations: {log_corroboration: true, distinct_alert: 3} | distinct_alert
            """)
    void shouldRefuseAnUnknownKeyInEverySection(String section, String typo) throws Exception {
        String tail = section.startsWith("error_burst") ? "escalations: {log_corroboration: true}\n"
                : section.startsWith("escalations") ? "error_burst: {levels: [ERROR], threshold: 5, window: 1m, severity: P2}\n"
                : VALID_TAIL;
        Path file = write(VALID_HEAD + section + "\n" + tail);

        assertThatThrownBy(() -> RulesLoader.load(file))
                .hasMessageStartingWith(file + ":4: unknown key '" + typo + "'");
    }

    @Test
    void shouldTakeAnErrorBurstOfOneLineAndRefuseOneOfNone() throws Exception {
        Path one = write(VALID_HEAD + "error_burst: {levels: [ERROR], threshold: 1, window: 1m, severity: P2}\n"
                + "escalations: {log_corroboration: true}\n");
        assertThat(RulesLoader.load(one).errorBurst().threshold()).isEqualTo(1);

        Path none = write(VALID_HEAD + "error_burst: {levels: [ERROR], threshold: 0, window: 1m, severity: P2}\n"
                + "escalations: {log_corroboration: true}\n");
        assertThatThrownBy(() -> RulesLoader.load(none))
                .hasMessage(none + ":4: threshold must be at least 1");
    }
}
