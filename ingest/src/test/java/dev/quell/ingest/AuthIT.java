package dev.quell.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@MicronautTest
class AuthIT extends IngestTestSupport {

    private static final String TOKEN = "sentinel-token-8d3f";
    private static final String PASSWORD = "sentinel-password-5c1e";
    private static final byte[] WEBHOOK = ("{\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
            + "\"labels\":{\"alertname\":\"HighCPUUsage\",\"job\":\"cot-studio\"},\"startsAt\":\"2026-11-20T08:00:00Z\"}]}")
            .getBytes(StandardCharsets.UTF_8);

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("quell.auth.token", TOKEN,
                "quell.auth.basic.username", "alertmanager",
                "quell.auth.basic.password", PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/webhooks/alertmanager", "/logs", "/_bulk", "/logs-x/_bulk"})
    void shouldRefuseEveryIngestRouteWithoutCredentials(String path) {
        HttpResponse<String> response = post(path, "application/json", WEBHOOK);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("Bearer realm=\"quell\"", "Basic realm=\"quell\""));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("needs an Authorization header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/_cluster/health", "/_license", "/prometheus"})
    void shouldRefuseReadRoutesWithoutCredentials(String path) {
        assertThat(get(path).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldRefuseAWrongTokenAndAWrongPasswordAlike() {
        for (String header : List.of("Bearer wrong", "Bearer " + TOKEN + "x", "Basic " + basic("alertmanager", "nope"),
                "Basic " + basic("someone", PASSWORD), "Basic !!!not-base64", "Token " + TOKEN, TOKEN)) {
            HttpResponse<String> response = post("/webhooks/alertmanager", "application/json", WEBHOOK,
                    "Authorization", header);
            assertThat(response.statusCode()).as(header).isEqualTo(401);
            assertThat(response.body()).contains("not valid").doesNotContain(TOKEN).doesNotContain(PASSWORD);
        }
    }

    @Test
    void shouldTakeTheBearerTokenAlertmanagerSends() {
        HttpResponse<String> response = post("/webhooks/alertmanager", "application/json", WEBHOOK,
                "Authorization", "Bearer " + TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldTakeBasicCredentials() {
        HttpResponse<String> response = post("/webhooks/alertmanager", "application/json", WEBHOOK,
                "Authorization", "Basic " + basic("alertmanager", PASSWORD));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldLeaveHealthOpen() {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> readiness = get("/health/readiness");
        assertThat(readiness.statusCode()).isIn(200, 503);
        assertThat(readiness.body()).doesNotContain(TOKEN).doesNotContain(PASSWORD);
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
