package dev.quell.remediator.actions;

import dev.quell.schemas.time.Durations;
import dev.quell.schemas.units.Sizes;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A playbook's {@code params} for its action, read with defaults; a bad value names the parameter. */
public record ActionParams(Map<String, String> values) {

    public ActionParams {
        values = Map.copyOf(values);
    }

    public static ActionParams of(Map<String, String> values) {
        return new ActionParams(values);
    }

    public Duration duration(String name, Duration fallback) {
        String value = values.get(name);
        return value == null ? fallback : Durations.parse(value).orElseThrow(() ->
                new IllegalArgumentException("param " + name + ": '" + value + "' is not a duration (" + Durations.EXAMPLES + ")"));
    }

    public int integer(String name, int fallback, int min, int max) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < min || number > max) {
                throw new IllegalArgumentException("param " + name + ": must be between " + min + " and " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("param " + name + ": '" + value + "' is not a whole number");
        }
    }

    public long bytes(String name, long fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        long size;
        try {
            size = Sizes.parse(value).orElseThrow(() -> new IllegalArgumentException(
                    "param " + name + ": '" + value + "' is not a size (e.g. 512KB, 64MB)"));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("param " + name + ": '" + value + "' is too large");
        }
        if (size < 0) {
            throw new IllegalArgumentException("param " + name + ": '" + value + "' is negative");
        }
        return size;
    }

    public boolean bool(String name, boolean fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("param " + name + ": '" + value + "' is not true or false");
        }
        return Boolean.parseBoolean(value);
    }

    /** A fraction between 0 and 1, e.g. {@code 0.75}. */
    public double fraction(String name, double fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double number = Double.parseDouble(value.trim());
            if (!(number >= 0 && number <= 1)) {
                throw new IllegalArgumentException("param " + name + ": must be between 0 and 1");
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("param " + name + ": '" + value + "' is not a fraction (e.g. 0.75)");
        }
    }

    /**
     * Whether the value is still a template over an incident's labels ({@code {{labels.pod}}}): at
     * load time only its shape can be checked; the engine resolves it per incident and validates again.
     */
    public boolean isTemplate(String name) {
        String value = values.get(name);
        return value != null && value.contains("{{");
    }

    /** The value, which must be present. */
    public String required(String name, String example) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("param " + name + " is required (e.g. " + example + ")");
        }
        return value;
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public List<String> list(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    /** Refuses parameters the action does not know, so a typo is an error rather than a silent default. */
    public void allowOnly(Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown param '" + name + "' (known: " + String.join(", ",
                        known.stream().sorted().toList()) + ")");
            }
        }
    }
}
