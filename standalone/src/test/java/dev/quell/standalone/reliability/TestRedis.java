package dev.quell.standalone.reliability;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.function.Function;

/** The test's own Redis server, seen through Lettuce: keys planted per database, and counted afterwards. */
final class TestRedis {

    private final int port;

    TestRedis(int port) {
        this.port = port;
    }

    int port() {
        return port;
    }

    /** Configuration of the targets {@code t0..t<count-1>}: database i of this server, {@code session:*} allowed (YAML under {@code quell.targets.redis}). */
    String targets(int count) {
        StringBuilder targets = new StringBuilder();
        for (int t = 0; t < count; t++) {
            targets.append("      t").append(t).append(":\n")
                    .append("        host: 127.0.0.1\n        port: ").append(port).append('\n')
                    .append("        database: ").append(t).append('\n')
                    .append("        allowed-patterns: \"session:*\"\n");
        }
        return targets.toString();
    }

    /** {@code count} keys {@code <prefix><database>:<n>} in {@code database}. */
    void plant(int database, String prefix, int count) {
        with(database, redis -> {
            for (int n = 0; n < count; n++) {
                redis.set(prefix + database + ":" + n, "x".repeat(100));
            }
            return null;
        });
    }

    /** Keys matching {@code pattern} in {@code database}. */
    long count(int database, String pattern) {
        return with(database, redis -> (long) redis.keys(pattern).size());
    }

    private <T> T with(int database, Function<RedisCommands<String, String>, T> work) {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().select(database);
            return work.apply(connection.sync());
        } finally {
            client.shutdown();
        }
    }
}
