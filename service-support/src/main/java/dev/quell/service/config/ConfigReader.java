package dev.quell.service.config;

import dev.quell.schemas.time.Durations;
import dev.quell.schemas.units.Sizes;
import io.micronaut.core.value.PropertyResolver;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads typed configuration values by key, each with a default, and refuses a bad one with a
 * {@link ConfigException} that names the key and shows an example of what would do.
 */
public final class ConfigReader {

    private final PropertyResolver properties;

    public ConfigReader(PropertyResolver properties) {
        this.properties = properties;
    }

    public String string(String key, String fallback) {
        return raw(key).orElse(fallback);
    }

    public Optional<String> optional(String key) {
        return raw(key).filter(value -> !value.isBlank());
    }

    public int integer(String key, int fallback, int min, int max) {
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.get().trim());
            if (number < min || number > max) {
                throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + number);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + value.get() + "' is not a whole number");
        }
    }

    /** {@code true} or {@code false}, nothing else. */
    public boolean bool(String key, boolean fallback) {
        Optional<String> value = raw(key).map(String::trim);
        if (value.isEmpty()) {
            return fallback;
        }
        if (!value.get().equals("true") && !value.get().equals("false")) {
            throw new ConfigException(key, "must be true or false, got '" + value.get() + "'");
        }
        return Boolean.parseBoolean(value.get());
    }

    /** Durations as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT10S}); must be positive. */
    public Duration duration(String key, Duration fallback) {
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            return fallback;
        }
        Duration duration = parseDuration(key, value.get().trim());
        if (duration.isNegative() || duration.isZero()) {
            throw new ConfigException(key, "must be positive, got " + value.get());
        }
        return duration;
    }

    /** Sizes as bytes ({@code 1048576}) or with a 1024-based unit ({@code 512KB}, {@code 5MB}, {@code 1GB}); must be positive. */
    public long bytes(String key, long fallback) {
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            return fallback;
        }
        long size;
        try {
            size = Sizes.parse(value.get()).orElseThrow(() ->
                    new ConfigException(key, "'" + value.get() + "' is not a size (e.g. 1048576, 512KB, 5MB)"));
        } catch (ArithmeticException e) {
            throw new ConfigException(key, "'" + value.get() + "' is too large");
        }
        if (size <= 0) {
            throw new ConfigException(key, "must be positive, got " + value.get());
        }
        return size;
    }

    /** A comma-separated list (or a YAML list); blank items are dropped; must not end up empty. */
    public List<String> list(String key, List<String> fallback) {
        Optional<String[]> values = properties.get(key, String[].class);
        if (values.isEmpty()) {
            return fallback;
        }
        List<String> items = Arrays.stream(values.get())
                .flatMap(item -> Arrays.stream(item.split(",")))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toList();
        if (items.isEmpty()) {
            throw new ConfigException(key, "must name at least one item");
        }
        return items;
    }

    /**
     * A secret given either inline ({@code key}) or as a file holding it ({@code fileKey}, e.g. a
     * Docker or Kubernetes secret mounted as a file; surrounding whitespace dropped). Both set, an
     * unreadable file or an empty one stop start-up naming the key.
     */
    public Optional<String> secret(String key, String fileKey) {
        Optional<String> inline = optional(key);
        Optional<String> file = optional(fileKey);
        if (inline.isPresent() && file.isPresent()) {
            throw new ConfigException(fileKey, "set either " + key + " or " + fileKey + ", not both");
        }
        if (file.isEmpty()) {
            return inline;
        }
        try {
            String value = java.nio.file.Files.readString(java.nio.file.Path.of(file.get().trim())).strip();
            if (value.isEmpty()) {
                throw new ConfigException(fileKey, "the file " + file.get().trim() + " is empty");
            }
            return Optional.of(value);
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            throw new ConfigException(fileKey, "cannot read the file " + file.get().trim() + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Optional<String> raw(String key) {
        return properties.get(key, String.class);
    }

    private static Duration parseDuration(String key, String text) {
        return Durations.parse(text).orElseThrow(() ->
                new ConfigException(key, "'" + text + "' is not a duration (" + Durations.EXAMPLES + ")"));
    }
}
