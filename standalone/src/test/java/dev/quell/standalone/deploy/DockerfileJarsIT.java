package dev.quell.standalone.deploy;

import static dev.quell.standalone.deploy.DeployFiles.COMPOSE;
import static dev.quell.standalone.deploy.DeployFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile copies a jar and its libraries that the build makes: checked after {@code package}
 * (an integration test, so this module's own jar exists too).
 */
class DockerfileJarsIT {

    private static final JsonNode STACK = DeployFiles.yaml(COMPOSE.resolve("docker-compose.yml"));

    @Test
    void shouldBuildEachQuellServiceFromAModuleWhoseJarAndLibrariesTheDockerfileCopies() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("\"$SERVICE\"/target/quell*.jar", "\"$SERVICE/target/lib\"",
                "ENTRYPOINT [\"java\", \"-jar\", \"/app/quell-service.jar\"]", "USER 10001");

        List<String> services = new ArrayList<>();
        STACK.path("services").forEach(service -> {
            if (service.has("build")) {
                services.add(service.path("build").path("args").path("SERVICE").asText());
            }
        });
        assertThat(services).containsExactlyInAnyOrder("standalone", "ingest", "streams", "remediator", "indexer");
        for (String module : services) {
            try (Stream<Path> jars = Files.list(ROOT.resolve(module).resolve("target"))) {
                assertThat(jars.filter(jar -> jar.getFileName().toString().matches("quell.*\\.jar")))
                        .as("what the Dockerfile's %s/target/quell*.jar finds after package", module).hasSize(1);
            }
            assertThat(ROOT.resolve(module).resolve("target/lib")).isDirectory();
        }
    }
}
