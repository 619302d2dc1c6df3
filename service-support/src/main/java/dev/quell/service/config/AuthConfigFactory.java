package dev.quell.service.config;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Factory
class AuthConfigFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AuthConfigFactory.class);

    @Context // built at start-up, so half-configured auth stops the service before it serves anything
    AuthConfig authConfig(Environment environment) {
        AuthConfig auth = AuthConfig.from(new ConfigReader(environment));
        LOG.info("auth configuration: {}", auth);
        return auth;
    }
}
