package dev.quell.standalone;

import dev.quell.indexer.app.IndexerConfig;
import dev.quell.remediator.app.RemediatorConfig;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpMethod;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Quell services in this JVM — ingest, streams, the remediator, and the indexer when
 * {@code quell.indexer.elasticsearch.url} is configured — in one Micronaut context holding every
 * service's beans, every route on one HTTP port; the streams state lives in the data directory.
 */
final class Services implements AutoCloseable {

    private final EmbeddedServer server;

    private Services(EmbeddedServer server) {
        this.server = server;
    }

    static Services start(StandaloneSettings settings, String bootstrapServers) {
        Map<String, Object> properties = Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "quell.topics.prefix", settings.topicPrefix(),
                "micronaut.server.port", settings.httpPort(),
                "quell.streams.state-dir", settings.dataDir().resolve("streams").toAbsolutePath().toString(),
                "quell.streams.advertised-url", "http://127.0.0.1:" + settings.httpPort());
        if (settings.configFile() == null) {
            return new Services(ApplicationContext.run(EmbeddedServer.class, properties, "standalone"));
        }
        // Micronaut reads --config through this property when its environment starts; it is not left behind
        System.setProperty("micronaut.config.files", settings.configFile().toAbsolutePath().toString());
        try {
            return new Services(ApplicationContext.run(EmbeddedServer.class, properties, "standalone"));
        } finally {
            System.clearProperty("micronaut.config.files");
        }
    }

    String url() {
        return server.getURL().toString();
    }

    /** The remediator's mode: {@code dry-run}, {@code approval} or {@code enforce}. */
    String remediatorMode() {
        return server.getApplicationContext().getBean(RemediatorConfig.class).mode().wireName();
    }

    /** The Elasticsearch the indexer writes to, when it runs. */
    Optional<List<URI>> indexerUrls() {
        return server.getApplicationContext().findBean(IndexerConfig.class).map(IndexerConfig::elasticsearchUrls);
    }

    /** {@code METHOD /path} of every route but HEAD and OPTIONS, sorted by path. */
    List<String> routes() {
        return server.getApplicationContext().getBean(Router.class).uriRoutes()
                .sorted(Comparator.comparing((UriRouteInfo<?, ?> info) -> info.getUriMatchTemplate().toString())
                        .thenComparing(info -> info.getHttpMethod().name()))
                .filter(info -> info.getHttpMethod() != HttpMethod.OPTIONS && info.getHttpMethod() != HttpMethod.HEAD)
                .map(info -> info.getHttpMethod() + " " + info.getUriMatchTemplate())
                .distinct()
                .toList();
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
