package dev.quell.service.config;

import java.util.Optional;

/**
 * Who may call a Quell service: a bearer token ({@code quell.auth.token}, env
 * {@code QUELL_AUTH_TOKEN}, or a file holding it: {@code quell.auth.token-file}) and/or basic
 * credentials ({@code quell.auth.basic.username} and {@code password} or {@code password-file}).
 * Neither set: every route is open.
 */
public record AuthConfig(Optional<Secret> token, Optional<String> basicUsername, Optional<Secret> basicPassword) {

    public boolean required() {
        return token.isPresent() || basicUsername.isPresent();
    }

    public static AuthConfig from(ConfigReader config) {
        Optional<String> username = config.optional("quell.auth.basic.username");
        Optional<String> password = config.secret("quell.auth.basic.password", "quell.auth.basic.password-file");
        if (username.isPresent() != password.isPresent()) {
            throw new ConfigException(username.isPresent() ? "quell.auth.basic.password" : "quell.auth.basic.username",
                    "basic auth needs both quell.auth.basic.username and quell.auth.basic.password");
        }
        if (username.isPresent() && username.get().contains(":")) {
            throw new ConfigException("quell.auth.basic.username", "must not contain ':'");
        }
        return new AuthConfig(config.secret("quell.auth.token", "quell.auth.token-file").map(Secret::of), username,
                password.map(Secret::of));
    }
}
