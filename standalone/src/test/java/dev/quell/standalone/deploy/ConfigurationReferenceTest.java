package dev.quell.standalone.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/configuration.md names every key a config record reads, so the reference cannot fall behind the code. */
class ConfigurationReferenceTest {

    @Test
    void shouldDocumentEveryKeyTheServicesRead() throws IOException {
        List<String> reference = Files.readAllLines(DeployFiles.ROOT.resolve("docs/configuration.md"));
        Set<String> keys = ConfigKeys.read();

        assertThat(keys).contains("quell.ingest.max-body-size", "quell.streams.rules-file", "quell.remediator.mode",
                "quell.indexer.bulk.max-bytes", "quell.auth.token-file", "quell.targets.redis.<name>.allowed-patterns");
        for (String key : keys) {
            assertThat(reference).as("docs/configuration.md documents %s", key)
                    .anySatisfy(line -> assertThat(documents(line, key)).isTrue());
        }
    }

    /** The line names the key whole ({@code `quell.a.b`}), or its sibling whole and the key's last part ({@code `quell.a.x`, `.b`}). */
    private static boolean documents(String line, String key) {
        if (line.contains("`" + key + "`")) {
            return true;
        }
        int dot = key.lastIndexOf('.');
        return line.contains("`" + key.substring(0, dot + 1)) && line.contains("`" + key.substring(dot) + "`");
    }
}
