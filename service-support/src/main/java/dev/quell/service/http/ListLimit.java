package dev.quell.service.http;

/**
 * The {@code limit} query parameter of Quell's list routes: how many items at most, the newest,
 * from 1 to {@value #MAX}; {@value #DEFAULT} when absent.
 */
public final class ListLimit {

    public static final int DEFAULT = 100;
    public static final int MAX = 10_000;

    private ListLimit() {
    }

    /** @throws IllegalArgumentException naming the parameter and the value, when it is not a whole number in range */
    public static int parse(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX + ", got '" + limit + "'");
    }
}
