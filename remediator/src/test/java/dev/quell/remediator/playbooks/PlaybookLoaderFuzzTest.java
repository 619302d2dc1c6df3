package dev.quell.remediator.playbooks;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.quell.remediator.app.Actions;
import dev.quell.remediator.targets.PostgresTarget;
import dev.quell.remediator.targets.RedisTarget;
import dev.quell.remediator.targets.Target;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.yaml.ConfigFileException;
import dev.quell.schemas.yaml.YamlNode;
import dev.quell.service.config.Credential;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jazzer over the playbook loader, with a PostgreSQL and a Redis target configured: whatever the
 * text, it answers with playbooks or a {@link ConfigFileException} naming file and line — never
 * another exception. A normal test run replays the corpus; {@code JAZZER_FUZZ=1} fuzzes
 * (docs/reliability.md).
 */
class PlaybookLoaderFuzzTest {

    private static final PlaybookLoader LOADER = new PlaybookLoader(Actions.builtIn().all(), new Targets(Map.<String, Target>of(
            "postgres/main", new PostgresTarget("main", "jdbc:postgresql://127.0.0.1:5432/test", "quell", Credential.of("x"), List.of()),
            "redis/main", new RedisTarget("main", "127.0.0.1", 6379, 0, Optional.empty(), List.of("session:*")))));

    @FuzzTest(maxDuration = "30s")
    void playbookLoaderAnswersPlaybooksOrAFileAndLineProblem(@NotNull String text) {
        try {
            LOADER.read(YamlNode.parse("fuzz.yml", text), false);
        } catch (ConfigFileException expected) {
            // file:line and what is wrong: the right answer to a bad playbook file
        }
    }
}
