package dev.quell.remediator.app;

import dev.quell.remediator.targets.DockerTarget;
import dev.quell.remediator.targets.KubernetesTarget;
import dev.quell.remediator.targets.PostgresTarget;
import dev.quell.remediator.targets.RedisTarget;
import dev.quell.remediator.targets.Target;
import dev.quell.remediator.targets.Targets;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether each configured target answers (PostgreSQL {@code SELECT 1}, Redis {@code PING}, the
 * Kubernetes API listing one pod of the first allowed namespace, Docker {@code _ping}),
 * checked in the background so a probe never waits on a target.
 */
@Singleton
public class TargetsHealth {

    private final Targets targets;
    private volatile Map<String, String> reachability = Map.of();

    public TargetsHealth(Targets targets) {
        this.targets = targets;
    }

    /** Target id → {@code reachable} or why not (the error's type, never its message, which may hold a host or user). */
    public Map<String, String> reachability() {
        return reachability;
    }

    @Scheduled(fixedDelay = "15s", initialDelay = "1s")
    void check() {
        Map<String, String> now = new TreeMap<>();
        for (String id : targets.ids()) {
            now.put(id, targets.find(id).map(TargetsHealth::probe).orElse("unknown"));
        }
        reachability = now;
    }

    private static String probe(Target target) {
        try {
            if (target instanceof PostgresTarget postgres) {
                try (Connection connection = postgres.connect(); Statement sql = connection.createStatement()) {
                    sql.execute("SELECT 1");
                }
            } else if (target instanceof RedisTarget redis) {
                RedisClient client = RedisClient.create(redis.uri());
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    connection.sync().ping();
                } finally {
                    client.shutdown();
                }
            } else if (target instanceof KubernetesTarget kubernetes) {
                kubernetes.client().pods().inNamespace(kubernetes.namespaces().get(0)).list(
                        new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build());
            } else if (target instanceof DockerTarget docker) {
                docker.client().pingCmd().exec();
            }
            return "reachable";
        } catch (Exception e) {
            return "unreachable (" + e.getClass().getSimpleName() + ")";
        }
    }
}
