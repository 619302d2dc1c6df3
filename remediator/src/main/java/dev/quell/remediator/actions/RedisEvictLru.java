package dev.quell.remediator.actions;

import dev.quell.remediator.targets.RedisTarget;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code redis.evict-lru}: the seeds' fix for Redis out of memory — optionally set
 * {@code maxmemory-policy allkeys-lru}, then {@code UNLINK} up to {@code maxKeys} keys and
 * {@code maxBytes} bytes among those matching {@code pattern} (which must be one of the target's
 * allowed patterns), the least recently used first by {@code OBJECT IDLETIME} over a {@code SCAN}
 * sample of at most {@code sampleSize} keys (under an LFU policy, the least frequently used by
 * {@code OBJECT FREQ}). Verified when {@code used_memory} is below {@code usedMemoryBelow}, or,
 * without it, below what it was.
 */
public final class RedisEvictLru implements RemediationAction<RedisTarget> {

    public static final String NAME = "redis.evict-lru";
    private static final Set<String> PARAMS = Set.of("pattern", "maxKeys", "maxBytes", "sampleSize", "setPolicy",
            "usedMemoryBelow");

    private record Candidate(String key, long rank, long bytes) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<RedisTarget> targetType() {
        return RedisTarget.class;
    }

    @Override
    public void validate(ActionParams params, RedisTarget target) {
        params.allowOnly(PARAMS);
        String pattern = params.string("pattern", null);
        if (pattern == null) {
            throw new IllegalArgumentException("param pattern is required (e.g. session:*)");
        }
        if (!target.allowedPatterns().contains(pattern)) {
            throw new IllegalArgumentException("param pattern '" + pattern + "' is not among the allowed patterns of "
                    + target.id() + ": " + target.allowedPatterns());
        }
        params.integer("maxKeys", 100, 1, 100_000);
        params.integer("sampleSize", 1_000, 1, 1_000_000);
        params.bytes("maxBytes", 64L << 20);
        params.bytes("usedMemoryBelow", 0);
        params.bool("setPolicy", true);
    }

    @Override
    public ActionResult run(RedisTarget target, ActionParams params) {
        validate(params, target);
        RedisClient client = RedisClient.create(target.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            long before = usedMemory(redis);
            StringBuilder outcome = new StringBuilder();
            String policy = redis.configGet("maxmemory-policy").get("maxmemory-policy");
            if (params.bool("setPolicy", true) && !"allkeys-lru".equals(policy)) {
                redis.configSet("maxmemory-policy", "allkeys-lru");
                outcome.append("maxmemory-policy ").append(policy).append(" -> allkeys-lru; ");
                policy = "allkeys-lru";
            }
            List<Candidate> chosen = choose(redis, params, policy.contains("lfu"));
            if (!chosen.isEmpty()) {
                redis.unlink(chosen.stream().map(Candidate::key).toArray(String[]::new));
            }
            long bytes = chosen.stream().mapToLong(Candidate::bytes).sum();
            outcome.append("unlinked ").append(chosen.size()).append(" keys matching ")
                    .append(params.string("pattern", "")).append(" (").append(bytes).append(" bytes), ")
                    .append(policy.contains("lfu") ? "least frequently used first" : "least recently used first");
            return new ActionResult(!chosen.isEmpty() || outcome.indexOf("->") >= 0, outcome.toString(), before);
        } finally {
            client.shutdown();
        }
    }

    @Override
    public boolean verified(RedisTarget target, ActionParams params, ActionResult result) {
        RedisClient client = RedisClient.create(target.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            long used = usedMemory(connection.sync());
            long threshold = params.bytes("usedMemoryBelow", 0);
            return threshold > 0 ? used < threshold : used < result.before();
        } finally {
            client.shutdown();
        }
    }

    private static List<Candidate> choose(RedisCommands<String, String> redis, ActionParams params, boolean lfu) {
        int sampleSize = params.integer("sampleSize", 1_000, 1, 1_000_000);
        List<Candidate> sample = new ArrayList<>();
        ScanArgs match = ScanArgs.Builder.matches(params.string("pattern", "")).limit(100);
        KeyScanCursor<String> cursor = redis.scan(match);
        while (true) {
            for (String key : cursor.getKeys()) {
                if (sample.size() >= sampleSize) {
                    break;
                }
                Long rank = lfu ? redis.objectFreq(key) : redis.objectIdletime(key);
                Long bytes = redis.memoryUsage(key);
                if (rank != null && bytes != null) {
                    sample.add(new Candidate(key, lfu ? -rank : rank, bytes));
                }
            }
            if (cursor.isFinished() || sample.size() >= sampleSize) {
                break;
            }
            cursor = redis.scan(ScanCursor.of(cursor.getCursor()), match);
        }
        sample.sort(Comparator.comparingLong(Candidate::rank).reversed());
        int maxKeys = params.integer("maxKeys", 100, 1, 100_000);
        long maxBytes = params.bytes("maxBytes", 64L << 20);
        List<Candidate> chosen = new ArrayList<>();
        long bytes = 0;
        for (Candidate candidate : sample) {
            if (chosen.size() >= maxKeys || bytes + candidate.bytes() > maxBytes) {
                break;
            }
            chosen.add(candidate);
            bytes += candidate.bytes();
        }
        return chosen;
    }

    private static long usedMemory(RedisCommands<String, String> redis) {
        for (String line : redis.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("INFO memory did not report used_memory");
    }
}
