package dev.quell.standalone;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpMethod;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Quell services (ingest, streams and the remediator, so far) in this JVM: one Micronaut context holding
 * every service's beans, every route on one HTTP port; the streams state lives in the data directory.
 */
final class Services implements AutoCloseable {

    private final EmbeddedServer server;

    private Services(EmbeddedServer server) {
        this.server = server;
    }

    static Services start(StandaloneSettings settings, String bootstrapServers) {
        if (settings.configFile() != null) {
            System.setProperty("micronaut.config.files", settings.configFile().toAbsolutePath().toString());
        }
        Map<String, Object> properties = Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "quell.topics.prefix", settings.topicPrefix(),
                "micronaut.server.port", settings.httpPort(),
                "quell.streams.state-dir", settings.dataDir().resolve("streams").toAbsolutePath().toString(),
                "quell.streams.advertised-url", "http://127.0.0.1:" + settings.httpPort());
        return new Services(ApplicationContext.run(EmbeddedServer.class, properties, "standalone"));
    }

    String url() {
        return server.getURL().toString();
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
