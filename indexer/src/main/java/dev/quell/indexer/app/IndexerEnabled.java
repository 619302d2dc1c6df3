package dev.quell.indexer.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.context.env.Environment;

/**
 * The indexer runs whenever it runs alone; inside {@code ./quell up} (the {@code standalone}
 * environment) only when {@code quell.indexer.elasticsearch.url} is configured.
 */
public final class IndexerEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        if (context.getBeanContext() instanceof ApplicationContext application) {
            Environment environment = application.getEnvironment();
            return !environment.getActiveNames().contains("standalone")
                    || environment.containsProperty("quell.indexer.elasticsearch.url");
        }
        return true;
    }
}
