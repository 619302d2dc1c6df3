package dev.quell.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthConfigTest {

    private static AuthConfig read(Map<String, Object> properties) {
        return AuthConfig.from(new ConfigReader(new PropertySourcePropertyResolver(
                new MapPropertySource("test", properties))));
    }

    @Test
    void shouldBeOpenWhenNothingIsSet() {
        assertThat(read(Map.of()).required()).isFalse();
    }

    @Test
    void shouldRefuseHalfConfiguredBasicAuthNamingTheMissingKey() {
        assertThatThrownBy(() -> read(Map.of("quell.auth.basic.username", "alertmanager")))
                .hasMessageStartingWith("quell.auth.basic.password: basic auth needs both");
        assertThatThrownBy(() -> read(Map.of("quell.auth.basic.password", "p")))
                .hasMessageStartingWith("quell.auth.basic.username: basic auth needs both");
        assertThatThrownBy(() -> read(Map.of("quell.auth.basic.username", "a:b", "quell.auth.basic.password", "p")))
                .hasMessageStartingWith("quell.auth.basic.username: must not contain ':'");
    }

    @Test
    void shouldNeverPrintASecret() {
        AuthConfig auth = read(Map.of("quell.auth.token", "sentinel-token-1f2e",
                "quell.auth.basic.username", "am", "quell.auth.basic.password", "sentinel-password-3d4c"));

        assertThat(auth.required()).isTrue();
        assertThat(auth.toString()).doesNotContain("sentinel-token-1f2e").doesNotContain("sentinel-password-3d4c")
                .contains("****");
    }

    @Test
    void shouldMatchSecretsOnlyExactly() {
        Secret secret = Secret.of("s3cret");
        assertThat(secret.matches("s3cret")).isTrue();
        assertThat(secret.matches("s3cre")).isFalse();
        assertThat(secret.matches("s3cret ")).isFalse();
        assertThat(secret.matches(null)).isFalse();
        assertThat(secret).hasToString("****");
    }
}
