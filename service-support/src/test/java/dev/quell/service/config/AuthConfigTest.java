package dev.quell.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
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
    void shouldReadTheTokenAndPasswordFromFilesAsMountedSecrets(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "file-token\n");
        Path password = Files.writeString(dir.resolve("password"), "file-password");

        AuthConfig auth = read(Map.of("quell.auth.token-file", token.toString(),
                "quell.auth.basic.username", "am", "quell.auth.basic.password-file", password.toString()));

        assertThat(auth.token()).hasValueSatisfying(secret -> assertThat(secret.matches("file-token")).isTrue());
        assertThat(auth.basicPassword()).hasValueSatisfying(secret -> assertThat(secret.matches("file-password")).isTrue());
    }

    @Test
    void shouldTakeTheTokenFileFromTheEnvironmentVariableWithoutMistakingItForAToken(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "env-file-token");
        PropertySourcePropertyResolver environment = new PropertySourcePropertyResolver(PropertySource.of("env",
                Map.of("QUELL_AUTH_TOKEN_FILE", token.toString()), PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE));

        AuthConfig auth = AuthConfig.from(new ConfigReader(environment));

        assertThat(auth.token()).hasValueSatisfying(secret -> assertThat(secret.matches("env-file-token")).isTrue());
    }

    @Test
    void shouldRefuseATokenFileThatIsMissingEmptyOrGivenBesideTheToken(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        assertThatThrownBy(() -> read(Map.of("quell.auth.token-file", dir.resolve("missing").toString())))
                .hasMessageStartingWith("quell.auth.token-file: cannot read the file");
        assertThatThrownBy(() -> read(Map.of("quell.auth.token-file", empty.toString())))
                .hasMessageStartingWith("quell.auth.token-file: the file " + empty + " is empty");
        assertThatThrownBy(() -> read(Map.of("quell.auth.token-file", empty.toString(), "quell.auth.token", "t")))
                .hasMessageStartingWith("quell.auth.token-file: set either quell.auth.token or quell.auth.token-file");
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
