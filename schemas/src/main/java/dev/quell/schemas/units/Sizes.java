package dev.quell.schemas.units;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as people write them in Quell's configuration and playbooks: bytes ({@code 1048576},
 * {@code 100B}) or a 1024-based unit ({@code 512KB}, {@code 64mb}, {@code 1 GB}). The sign is read,
 * so a caller can say what it thinks of a negative size.
 */
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("([+-]?\\d+)\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

    private Sizes() {
    }

    /**
     * The size in bytes; empty when the text is not a size.
     *
     * @throws ArithmeticException when it is one but does not fit a {@code long}
     */
    public static OptionalLong parse(String text) {
        Matcher matcher = SIZE.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            return OptionalLong.empty();
        }
        long unit = switch (matcher.group(2) == null ? "B" : matcher.group(2).toUpperCase(Locale.ROOT)) {
            case "KB" -> 1L << 10;
            case "MB" -> 1L << 20;
            case "GB" -> 1L << 30;
            default -> 1;
        };
        long number;
        try {
            number = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException moreDigitsThanALong) {
            throw new ArithmeticException("'" + text + "' does not fit a long");
        }
        return OptionalLong.of(Math.multiplyExact(number, unit));
    }
}
