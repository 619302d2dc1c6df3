package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.remediator.app.Actions;
import dev.quell.remediator.app.RemediatorConfig;
import dev.quell.remediator.playbooks.Playbook;
import dev.quell.remediator.playbooks.PlaybookLoader;
import dev.quell.remediator.targets.Targets;
import dev.quell.schemas.events.Severity;
import dev.quell.service.config.ConfigReader;
import dev.quell.streams.app.StreamsSettings;
import dev.quell.streams.rules.ClassificationRules;
import dev.quell.streams.rules.RulesLoader;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The files under examples/, which the README points users at, load as the services would load them. */
class ExamplesTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void shouldConfigureLocalTargetsInDryRun() throws Exception {
        PropertySourcePropertyResolver config = config("quell.yml");

        assertThat(RemediatorConfig.from(new ConfigReader(config)).mode()).isEqualTo(Playbook.Mode.DRY_RUN);
        assertThat(Targets.from(config).ids()).containsExactly("postgres/main", "redis/main");
    }

    @Test
    void shouldLoadTheDemoConfigWithItsRulesAndPlaybooks() throws Exception {
        PropertySourcePropertyResolver config = config("demo.yml");
        Targets targets = Targets.from(config);

        RemediatorConfig remediator = RemediatorConfig.from(new ConfigReader(config));
        List<Playbook> playbooks = new PlaybookLoader(Actions.builtIn().all(),
                targets).load(Path.of("..").resolve(remediator.playbooksFile().orElseThrow()));
        ClassificationRules rules = RulesLoader.load(Path.of("..").resolve(
                StreamsSettings.from(new ConfigReader(config)).rulesFile().orElseThrow()));

        assertThat(remediator.mode()).isEqualTo(Playbook.Mode.ENFORCE);
        assertThat(playbooks).extracting(Playbook::name)
                .containsExactly("pool-exhausted-kill-idle-connections", "redis-oom-evict-sessions");
        assertThat(playbooks.get(1).mode()).contains(Playbook.Mode.APPROVAL);
        assertThat(rules.classify(Map.of("alertname", "HighCPUUsage", "job", "cot-celery-worker")).orElseThrow()
                .severity()).isEqualTo(Severity.P2);
        assertThat(rules.classify(Map.of("alertname", "HighCPUUsage", "job", "cot-studio")).orElseThrow()
                .severity()).isEqualTo(Severity.P3);
        assertThat(rules.errorBurst().threshold()).isEqualTo(10);
    }

    private static PropertySourcePropertyResolver config(String name) throws Exception {
        try (InputStream in = Files.newInputStream(EXAMPLES.resolve(name))) {
            Map<String, Object> values = new YamlPropertySourceLoader().read(name, in);
            return new PropertySourcePropertyResolver(PropertySource.of(name, values));
        }
    }
}
