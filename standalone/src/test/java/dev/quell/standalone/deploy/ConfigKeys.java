package dev.quell.standalone.deploy;

import dev.quell.indexer.app.IndexerConfig;
import dev.quell.ingest.config.IngestConfig;
import dev.quell.remediator.app.RemediatorConfig;
import dev.quell.remediator.targets.Targets;
import dev.quell.service.config.AuthConfig;
import dev.quell.service.config.ConfigReader;
import dev.quell.streams.app.StreamsSettings;
import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import io.micronaut.core.convert.ArgumentConversionContext;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration keys Quell's services read, found by reading every config record (and one
 * target of each kind) through a property resolver that writes down each key asked for. Target
 * names are shown as {@code <name>}: {@code quell.targets.postgres.<name>.url}.
 */
final class ConfigKeys {

    private static final Map<String, Object> ONE_TARGET_OF_EACH_KIND = Map.of(
            "quell.targets.postgres.main.url", "jdbc:postgresql://127.0.0.1:5432/test",
            "quell.targets.postgres.main.username", "quell",
            "quell.targets.redis.main.allowed-patterns", "session:*",
            "quell.targets.kubernetes.main.namespaces", "shop",
            "quell.targets.docker.main.allowed-labels", "com.docker.compose.project=shop");

    private ConfigKeys() {
    }

    static Set<String> read() {
        Recording properties = new Recording(ONE_TARGET_OF_EACH_KIND);
        ConfigReader reader = new ConfigReader(properties);
        IngestConfig.from(reader);
        StreamsSettings.from(reader);
        RemediatorConfig.from(reader);
        IndexerConfig.from(reader);
        AuthConfig.from(reader);
        Targets.from(properties).close();
        Set<String> keys = new TreeSet<>();
        properties.asked.forEach(key -> keys.add(key.replaceFirst("^(quell\\.targets\\.[a-z]+)\\.main\\.", "$1.<name>.")));
        return keys;
    }

    /** The property a Micronaut environment variable sets: {@code QUELL_AUTH_TOKEN_FILE} → {@code quell.auth.token.file}, compared with dashes as dots. */
    static Optional<String> keyOf(String environmentVariable, Set<String> keys) {
        String dotted = environmentVariable.toLowerCase(Locale.ROOT).replace('_', '.');
        return keys.stream().filter(key -> key.replace('-', '.').equals(dotted)).findFirst();
    }

    private static final class Recording extends PropertySourcePropertyResolver {

        private final Set<String> asked = new TreeSet<>();

        Recording(Map<String, Object> properties) {
            super(new MapPropertySource("deploy-test", properties));
        }

        @Override
        public <T> Optional<T> getProperty(String name, ArgumentConversionContext<T> conversionContext) {
            asked.add(name);
            return super.getProperty(name, conversionContext);
        }
    }
}
