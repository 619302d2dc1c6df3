package dev.quell.streams.app;

import dev.quell.service.config.ConfigReader;
import dev.quell.streams.rules.ClassificationRules;
import dev.quell.streams.rules.RulesLoader;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the configuration and the rules at start-up: a bad value or rules file stops the service right there. */
@Factory
class StreamsSetup {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsSetup.class);

    @Context
    StreamsSettings streamsSettings(Environment environment) {
        StreamsSettings settings = StreamsSettings.from(new ConfigReader(environment));
        LOG.info("streams configuration: {}", settings);
        return settings;
    }

    @Context
    ClassificationRules classificationRules(StreamsSettings settings) {
        ClassificationRules rules = settings.rulesFile().map(RulesLoader::load).orElseGet(ClassificationRules::defaults);
        LOG.info("classification rules from {}: {} severity rules, {} inhibit rules, {} log signatures",
                settings.rulesFile().map(Object::toString).orElse("the defaults"), rules.severityRules().size(),
                rules.inhibitRules().size(), rules.logSignatures().size());
        return rules;
    }
}
