package dev.quell.standalone.deploy;

import static dev.quell.standalone.deploy.DeployFiles.COMPOSE;
import static dev.quell.standalone.deploy.DeployFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.ingest.logs.LogsController;
import dev.quell.ingest.webhook.AlertmanagerWebhookController;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** compose/ and the Dockerfile, held to the services they run: files parse, images pinned, names and ports agree. */
class ComposeStackTest {

    private static final JsonNode STACK = DeployFiles.yaml(COMPOSE.resolve("docker-compose.yml"));
    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");
    /** Variables the services read outside the config records: listen address and port (application.yml), log levels (logback), config files (Micronaut), the JVM's own. */
    private static final Map<String, String> OUTSIDE_RECORDS = Map.of(
            "QUELL_HTTP_HOST", "ingest/src/main/resources/application.yml",
            "QUELL_HTTP_PORT", "ingest/src/main/resources/application.yml",
            "QUELL_LOG_LEVEL", "ingest/src/main/resources/logback.xml",
            "MICRONAUT_CONFIG_FILES", "",
            "JAVA_TOOL_OPTIONS", "",
            "POD_NAME", "");

    @Test
    void shouldParseEveryYamlJsonAndNdjsonFileUnderComposeAndTheAsyncApiDocument() throws IOException {
        List<Path> yamlFiles = new ArrayList<>(DeployFiles.files(COMPOSE, ".yml", ".yaml"));
        yamlFiles.add(ROOT.resolve("docs/asyncapi.yaml"));
        for (Path file : yamlFiles) {
            assertThat(DeployFiles.yamlDocuments(file)).as(ROOT.relativize(file).toString()).isNotEmpty();
        }
        for (Path file : DeployFiles.files(COMPOSE, ".json")) {
            assertThat(DeployFiles.json(file).isObject()).as(ROOT.relativize(file).toString()).isTrue();
        }
        for (Path file : DeployFiles.files(COMPOSE, ".ndjson")) {
            for (String line : Files.readAllLines(file)) {
                assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).isObject()).isTrue();
            }
        }
        assertThat(yamlFiles).hasSizeGreaterThan(15);
    }

    @Test
    void shouldPinEveryImageToAVersionAndTagQuellsOwnWithTheProjectVersion() throws IOException {
        Map<String, String> images = new TreeMap<>();
        STACK.path("services").fields().forEachRemaining(service ->
                images.put("compose " + service.getKey(), service.getValue().path("image").asText()));
        Matcher from = FROM.matcher(Files.readString(ROOT.resolve("Dockerfile")));
        while (from.find()) {
            images.put("Dockerfile FROM " + from.group(1), from.group(1));
        }

        assertThat(images).hasSizeGreaterThan(12);
        images.forEach((where, image) -> assertPinned(where, image));
        STACK.path("services").fields().forEachRemaining(service -> {
            if (service.getValue().has("build")) {
                assertThat(service.getValue().path("image").asText()).as(service.getKey())
                        .endsWith(":" + DeployFiles.RELEASE);
            }
        });
    }

    static void assertPinned(String where, String image) {
        int colon = image.lastIndexOf(':');
        assertThat(colon).as(where + ": " + image + " has no tag").isGreaterThan(image.lastIndexOf('/'));
        String tag = image.substring(colon + 1);
        assertThat(tag).as(where + ": " + image).isNotEqualTo("latest").matches(".*\\d.*");
    }

    @Test
    void shouldSetOnlyEnvironmentVariablesTheServicesRead() throws IOException {
        Set<String> keys = ConfigKeys.read();
        List<String> variables = new ArrayList<>();
        STACK.path("services").fields().forEachRemaining(service -> {
            if (service.getKey().startsWith("quell-")) {
                service.getValue().path("environment").fieldNames().forEachRemaining(variables::add);
            }
        });
        assertThat(variables).contains("KAFKA_BOOTSTRAP_SERVERS", "QUELL_AUTH_TOKEN_FILE", "QUELL_STREAMS_STATE_DIR");
        for (String variable : variables) {
            assertKnown(variable, keys);
        }
    }

    static void assertKnown(String variable, Set<String> keys) throws IOException {
        if (OUTSIDE_RECORDS.containsKey(variable)) {
            String readBy = OUTSIDE_RECORDS.get(variable);
            if (!readBy.isEmpty()) {
                assertThat(Files.readString(ROOT.resolve(readBy))).as(readBy).contains(variable);
            }
            return;
        }
        assertThat(ConfigKeys.keyOf(variable, keys)).as("%s is no key a Quell config record reads", variable).isPresent();
    }

    @Test
    void shouldPointAlertmanagerPrometheusAndFluentBitAtRoutesAndPortsQuellServes() throws Exception {
        int port = quellHttpPort();
        JsonNode webhook = DeployFiles.yaml(COMPOSE.resolve("alertmanager/alertmanager.yml"))
                .path("receivers").get(0).path("webhook_configs").get(0);
        URI url = URI.create(webhook.path("url").asText());
        assertThat(STACK.path("services").has(url.getHost())).as(url.getHost()).isTrue();
        assertThat(url.getPort()).isEqualTo(port);
        assertThat(url.getPath()).isEqualTo(route(AlertmanagerWebhookController.class, "receive"));
        assertThat(webhook.path("http_config").path("authorization").path("credentials_file").asText())
                .startsWith("/etc/alertmanager/secrets/");

        JsonNode prometheus = DeployFiles.yaml(COMPOSE.resolve("prometheus/prometheus.yml"));
        JsonNode quellJob = null;
        for (JsonNode job : prometheus.path("scrape_configs")) {
            if (job.path("job_name").asText().equals("quell")) {
                quellJob = job;
            }
        }
        assertThat(quellJob).isNotNull();
        assertThat(quellJob.path("metrics_path").asText()).isEqualTo("/prometheus");
        List<String> scraped = new ArrayList<>();
        quellJob.path("static_configs").forEach(group -> group.path("targets").forEach(t -> scraped.add(t.asText())));
        assertThat(scraped).containsExactlyInAnyOrder("quell-ingest:" + port, "quell-streams:" + port,
                "quell-remediator:" + port, "quell-indexer:" + port);
        scraped.forEach(target -> assertThat(STACK.path("services").has(target.split(":")[0])).isTrue());

        JsonNode output = DeployFiles.yaml(COMPOSE.resolve("fluent-bit/fluent-bit.yaml")).path("pipeline").path("outputs").get(0);
        assertThat(output.path("host").asText()).isEqualTo("quell-ingest");
        assertThat(output.path("port").asInt()).isEqualTo(port);
        assertThat(output.path("uri").asText()).isEqualTo(route(LogsController.class, "receive"));

        STACK.path("services").fields().forEachRemaining(service -> {
            if (service.getValue().has("build") && !service.getKey().equals("quell-topics")) {
                assertThat(service.getValue().path("ports").get(0).asText()).as(service.getKey())
                        .startsWith("127.0.0.1:").endsWith(":" + port);
            }
        });
    }

    /** The port every service listens on in its container (the Dockerfile's QUELL_HTTP_PORT). */
    static int quellHttpPort() throws IOException {
        Matcher port = Pattern.compile("QUELL_HTTP_PORT=(\\d+)").matcher(Files.readString(ROOT.resolve("Dockerfile")));
        assertThat(port.find()).isTrue();
        return Integer.parseInt(port.group(1));
    }

    /** The path a controller method answers POSTs on: its controller's and its own annotation, joined. */
    static String route(Class<?> controller, String methodPrefix) {
        String base = controller.getAnnotation(Controller.class).value();
        for (Method method : controller.getDeclaredMethods()) {
            Post post = method.getAnnotation(Post.class);
            if (post != null && method.getName().startsWith(methodPrefix)) {
                String path = post.uri().equals("/") ? post.value() : post.uri();
                return (base.equals("/") ? "" : base) + path;
            }
        }
        throw new AssertionError(controller.getSimpleName() + " has no @Post method " + methodPrefix + "*");
    }
}
