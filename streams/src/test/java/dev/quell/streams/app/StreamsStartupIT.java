package dev.quell.streams.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service does not start on a rules file or a value it cannot use, and says where the problem is. */
class StreamsStartupIT {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseToStartOnABadRulesFileNamingFileAndLine() throws Exception {
        Path rules = dir.resolve("rules.yml");
        Files.writeString(rules, """
                respond_within: {P0: 15m, P1: 1h, P2: 4h, P3: 24h}
                severity_rules:
                  - name: down
                    severity: P9
                    matchers: []
                """);

        assertThatThrownBy(() -> {
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                    "micronaut.server.port", "-1", "quell.streams.rules-file", rules.toString()))) {
                server.getPort();
            }
        }).hasStackTraceContaining(rules + ":4: 'P9' is not a severity");
    }

    @Test
    void shouldRefuseToStartOnABadDurationNamingTheKey() {
        assertThatThrownBy(() -> {
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                    "micronaut.server.port", "-1", "quell.streams.resolve-grace", "a while"))) {
                server.getPort();
            }
        }).hasStackTraceContaining("quell.streams.resolve-grace: 'a while' is not a duration");
    }

    @Test
    void shouldRefuseAnEmitIntervalOutsideItsBoundsNamingTheKey() {
        assertThatThrownBy(() -> {
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                    "micronaut.server.port", "-1", "quell.streams.emit-every", "1m"))) {
                server.getPort();
            }
        }).hasStackTraceContaining("quell.streams.emit-every").hasStackTraceContaining("between 1ms and 10s");
    }

    @Test
    void shouldRefuseACommitIntervalOutsideItsBoundsNamingTheKey() {
        assertThatThrownBy(() -> {
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                    "micronaut.server.port", "-1", "quell.streams.commit-interval", "1ms"))) {
                server.getPort();
            }
        }).hasStackTraceContaining("quell.streams.commit-interval").hasStackTraceContaining("between 10ms and 60s");
    }
}
