package dev.quell.schemas.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in Quell's configuration and rules: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 4h}, {@code 1d}, or ISO-8601 ({@code PT10S}). */
public final class Durations {

    public static final String EXAMPLES = "e.g. 500ms, 10s, 5m, 4h, 1d, PT1M";
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** Empty when the text is not a duration. */
    public static Optional<Duration> parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        Matcher matcher = SHORT.matcher(trimmed);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return Optional.of(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        try {
            return Optional.of(Duration.parse(trimmed));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
