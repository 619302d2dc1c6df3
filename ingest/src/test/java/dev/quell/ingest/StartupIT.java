package dev.quell.ingest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad configuration value stops the service at start-up with an error that names the key. */
class StartupIT {

    @Test
    void shouldRefuseToStartWithABadValueNamingItsKey() {
        assertThatThrownBy(() -> {
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                    "micronaut.server.port", "-1",
                    "quell.ingest.ack-timeout", "soon"))) {
                server.getPort();
            }
        }).hasStackTraceContaining("quell.ingest.ack-timeout: 'soon' is not a duration");
    }

    @Test
    void shouldRefuseHalfConfiguredBasicAuth() {
        assertThatThrownBy(() -> {
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                    "micronaut.server.port", "-1",
                    "quell.auth.basic.password", "only-a-password"))) {
                server.getPort();
            }
        }).hasStackTraceContaining("quell.auth.basic.username: basic auth needs both")
                .satisfies(error -> org.assertj.core.api.Assertions.assertThat(stackTrace(error))
                        .doesNotContain("only-a-password"));
    }

    private static String stackTrace(Throwable error) {
        java.io.StringWriter text = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
