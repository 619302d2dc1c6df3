package dev.quell.remediator.targets;

import dev.quell.service.config.Credential;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A configured Redis instance ({@code quell.targets.redis.<name>}) and the key patterns an
 * action may delete from (an allowlist: a playbook can choose among them, never widen them).
 */
public record RedisTarget(String name, String host, int port, int database, Optional<Credential> password,
                          List<String> allowedPatterns) implements Target {

    public RedisTarget {
        allowedPatterns = List.copyOf(allowedPatterns);
    }

    @Override
    public String id() {
        return "redis/" + name;
    }

    public RedisURI uri() {
        RedisURI.Builder builder = RedisURI.builder().withHost(host).withPort(port).withDatabase(database)
                .withTimeout(Duration.ofSeconds(10));
        password.ifPresent(secret -> builder.withPassword(secret.reveal().toCharArray()));
        return builder.build();
    }
}
