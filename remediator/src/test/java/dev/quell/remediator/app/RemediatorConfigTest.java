package dev.quell.remediator.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.service.config.ConfigReader;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemediatorConfigTest {

    @Test
    void shouldPutTheTopicPrefixBeforeTheDefaultGroupOnlySoQuellsOnOneClusterKeepApart() {
        assertThat(read(Map.of()).groupId()).isEqualTo("quell-remediator");
        assertThat(read(Map.of("quell.topics.prefix", "staging.")).groupId()).isEqualTo("staging.quell-remediator");
        assertThat(read(Map.of("quell.topics.prefix", "staging.", "quell.remediator.group-id", "remediator-a")).groupId())
                .isEqualTo("remediator-a");
    }

    private static RemediatorConfig read(Map<String, Object> values) {
        return RemediatorConfig.from(new ConfigReader(new PropertySourcePropertyResolver(PropertySource.of("test", values))));
    }
}
