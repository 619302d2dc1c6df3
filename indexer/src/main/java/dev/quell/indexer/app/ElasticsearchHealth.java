package dev.quell.indexer.app;

import co.elastic.clients.elasticsearch._types.HealthStatus;
import dev.quell.indexer.elasticsearch.ElasticsearchClients;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/** The cluster's health ({@code GET _cluster/health}), checked in the background so a probe never waits on it. */
@Requires(condition = IndexerEnabled.class)
@Singleton
public class ElasticsearchHealth {

    private final ElasticsearchClients clients;
    private volatile String status = "unknown";

    public ElasticsearchHealth(ElasticsearchClients clients) {
        this.clients = clients;
    }

    /** {@code green}, {@code yellow}, {@code red}, or {@code unreachable (<error type>)}. */
    public String status() {
        return status;
    }

    /** Green or yellow: every primary shard is assigned, writes go through. */
    public boolean writable() {
        return status.equals("green") || status.equals("yellow");
    }

    @Scheduled(fixedDelay = "10s", initialDelay = "0s")
    void check() {
        try {
            HealthStatus health = clients.client().cluster().health().status();
            status = health.jsonValue();
        } catch (Exception e) {
            status = "unreachable (" + e.getClass().getSimpleName() + ")";
        }
    }
}
