package dev.quell.service.config;

import java.util.Objects;

/**
 * A credential Quell must hand to a driver (a database or Redis password). Unlike {@link Secret}
 * it can be read back, but only on purpose ({@link #reveal()}); it never prints itself.
 */
public final class Credential {

    private final String value;

    private Credential(String value) {
        this.value = value;
    }

    public static Credential of(String value) {
        return new Credential(Objects.requireNonNull(value, "value"));
    }

    /** The credential itself, for the one driver call that needs it. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
