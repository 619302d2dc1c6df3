package dev.quell.streams.rules;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.quell.schemas.yaml.ConfigFileException;
import dev.quell.schemas.yaml.YamlNode;

/**
 * Jazzer over the classification rules loader: whatever the text, it answers with rules or a
 * {@link ConfigFileException} naming file and line — never another exception, so a bad rules file
 * stops start-up with a message an operator can act on. A normal test run replays the corpus;
 * {@code JAZZER_FUZZ=1} fuzzes (docs/reliability.md).
 */
class RulesLoaderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void rulesLoaderAnswersRulesOrAFileAndLineProblem(@NotNull String text) {
        try {
            RulesLoader.read(YamlNode.parse("fuzz.yml", text));
        } catch (ConfigFileException expected) {
            // file:line and what is wrong: the right answer to a bad rules file
        }
    }
}
