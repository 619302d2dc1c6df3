package dev.quell.remediator.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quell.remediator.targets.RedisTarget;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the real Redis on 127.0.0.1:6379 (scripts/prepare starts it), in a database of its own. */
class RedisEvictLruIT {

    private static final RedisTarget TARGET = new RedisTarget("cache", "127.0.0.1", 6379, 13, Optional.empty(),
            List.of("session:*", "cache:*"));

    private final RedisEvictLru action = new RedisEvictLru();
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;
    private Map<String, String> originalPolicy;
    private Map<String, String> originalLogFactor;

    @BeforeEach
    void connect() {
        client = RedisClient.create(TARGET.uri());
        connection = client.connect();
        redis = connection.sync();
        redis.flushdb();
        originalPolicy = redis.configGet("maxmemory-policy");
        originalLogFactor = redis.configGet("lfu-log-factor");
    }

    @AfterEach
    void restore() {
        redis.configSet(originalPolicy);
        redis.configSet(originalLogFactor);
        redis.flushdb();
        connection.close();
        client.shutdown();
    }

    @Test
    void shouldSetTheLruPolicyAndUnlinkTheIdlestMatchingKeysFirst() throws Exception {
        redis.configSet("maxmemory-policy", "noeviction");
        IntStream.range(0, 5).forEach(i -> redis.set("session:old-" + i, "x".repeat(100)));
        IntStream.range(0, 3).forEach(i -> redis.set("user:" + i, "keep me"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> redis.objectIdletime("session:old-4") >= 2);
        IntStream.range(0, 5).forEach(i -> redis.set("session:new-" + i, "x".repeat(100)));

        ActionResult result = action.run(TARGET, ActionParams.of(Map.of("pattern", "session:*", "maxKeys", "5")));

        assertThat(redis.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-lru");
        assertThat(result.outcome()).contains("noeviction -> allkeys-lru", "unlinked 5 keys matching session:*");
        assertThat(redis.keys("session:old-*")).isEmpty();
        assertThat(redis.keys("session:new-*")).hasSize(5);
        assertThat(redis.keys("user:*")).as("keys outside the pattern stay").hasSize(3);
    }

    @Test
    void shouldStopAtMaxBytes() {
        IntStream.range(0, 10).forEach(i -> redis.set("cache:" + i, "y".repeat(1000)));
        long oneKey = redis.memoryUsage("cache:0");

        action.run(TARGET, ActionParams.of(Map.of("pattern", "cache:*", "maxBytes", Long.toString(oneKey * 3 + 1))));

        assertThat(redis.keys("cache:*")).hasSize(7);
    }

    @Test
    void shouldUseAccessFrequencyUnderAnLfuPolicyItWasToldToKeep() {
        redis.configSet("maxmemory-policy", "allkeys-lfu");
        redis.configSet("lfu-log-factor", "0");
        IntStream.range(0, 4).forEach(i -> redis.set("session:hot-" + i, "h"));
        IntStream.range(0, 4).forEach(i -> redis.set("session:cold-" + i, "c"));
        IntStream.range(0, 4).forEach(i -> IntStream.range(0, 30).forEach(n -> redis.get("session:hot-" + i)));

        ActionResult result = action.run(TARGET, ActionParams.of(Map.of("pattern", "session:*", "maxKeys", "4",
                "setPolicy", "false")));

        assertThat(redis.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-lfu");
        assertThat(result.outcome()).contains("least frequently used first");
        assertThat(redis.keys("session:cold-*")).isEmpty();
        assertThat(redis.keys("session:hot-*")).hasSize(4);
    }

    @Test
    void shouldVerifyByUsedMemory() {
        IntStream.range(0, 200).forEach(i -> redis.set("cache:big-" + i, "z".repeat(10_000)));

        ActionResult result = action.run(TARGET, ActionParams.of(Map.of("pattern", "cache:*", "maxKeys", "200",
                "maxBytes", "64MB")));

        assertThat(action.verified(TARGET, ActionParams.of(Map.of("pattern", "cache:*")), result)).isTrue();
    }

    @Test
    void shouldRefuseAPatternTheTargetDoesNotAllow() {
        assertThatThrownBy(() -> action.validate(ActionParams.of(Map.of("pattern", "*")), TARGET))
                .hasMessageContaining("not among the allowed patterns of redis/cache");
        assertThatThrownBy(() -> action.run(TARGET, ActionParams.of(Map.of("pattern", "user:*"))))
                .hasMessageContaining("not among the allowed patterns");
        assertThatThrownBy(() -> action.validate(ActionParams.of(Map.of()), TARGET))
                .hasMessageContaining("param pattern is required");
    }
}
