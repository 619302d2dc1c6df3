package dev.quell.ingest.config;

import dev.quell.service.config.ConfigReader;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import io.micronaut.context.annotation.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Factory
class IngestConfigFactory {

    private static final Logger LOG = LoggerFactory.getLogger(IngestConfigFactory.class);

    @Context // built at start-up, so a bad value stops the service before it serves anything
    IngestConfig ingestConfig(Environment environment) {
        IngestConfig config = IngestConfig.from(new ConfigReader(environment));
        LOG.info("ingest configuration: {}", config);
        return config;
    }
}
