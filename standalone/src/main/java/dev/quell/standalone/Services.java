package dev.quell.standalone;

import dev.quell.indexer.app.IndexerConfig;
import dev.quell.remediator.app.RemediatorConfig;
import io.micronaut.context.ApplicationContext;
import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpMethod;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.HealthCheckType;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

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

    /**
     * What {@code GET /health/readiness} would find not ready, one line per check ({@code "kafka-streams
     * DOWN {state=REBALANCING}"}); empty when it would answer 200, or when the configuration turned the
     * health endpoint off (nothing then to wait for).
     */
    List<String> notReady() {
        Optional<HealthEndpoint> health = server.getApplicationContext().findBean(HealthEndpoint.class);
        if (health.isEmpty()) {
            return List.of();
        }
        HealthResult readiness;
        try {
            readiness = first(health.get().getHealth(null, HealthCheckType.READINESS));
        } catch (ExecutionException | TimeoutException e) {
            return List.of("the readiness checks (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("the readiness checks (interrupted)");
        }
        if (readiness.getStatus().equals(HealthStatus.UP)) {
            return List.of();
        }
        List<String> waiting = new ArrayList<>();
        if (readiness.getDetails() instanceof Map<?, ?> checks) {
            checks.forEach((name, check) -> {
                if (check instanceof HealthResult result && !result.getStatus().equals(HealthStatus.UP)) {
                    waiting.add(name + " " + result.getStatus().getName()
                            + (result.getDetails() == null ? "" : " " + result.getDetails()));
                }
            });
        }
        return waiting.isEmpty() ? List.of("readiness " + readiness.getStatus().getName()) : waiting;
    }

    /** The first item a publisher gives, waited for a few seconds (a health check answers at once). */
    private static <T> T first(Publisher<T> publisher) throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<T> first = new CompletableFuture<>();
        publisher.subscribe(new Subscriber<T>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(T item) {
                first.complete(item);
            }

            @Override
            public void onError(Throwable error) {
                first.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                first.completeExceptionally(new IllegalStateException("no result"));
            }
        });
        return first.get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
