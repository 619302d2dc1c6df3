package dev.quell.streams.topology;

import dev.quell.streams.rules.ClassificationRules;
import dev.quell.streams.rules.RulesLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The default rules with their inhibit_rules replaced, for tests of inhibition semantics. */
final class RulesWith {

    private RulesWith() {
    }

    static ClassificationRules inhibitRule(String rule) {
        try (InputStream in = RulesWith.class.getResourceAsStream(ClassificationRules.DEFAULT_RESOURCE)) {
            String defaults = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int start = defaults.indexOf("inhibit_rules:");
            int end = defaults.indexOf("\n# Log lines", start);
            String replaced = defaults.substring(0, start) + "inhibit_rules:\n  - " + rule + "\n" + defaults.substring(end);
            Path file = Files.createTempFile("quell-rules-", ".yml");
            Files.writeString(file, replaced);
            return RulesLoader.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
