package dev.quell.schemas.time;

import dev.quell.schemas.json.PayloadException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** RFC 3339 timestamps as Go's {@code time.Time} writes them, and Go's zero time. */
public final class Rfc3339 {

    /** Go's zero {@code time.Time}, which Alertmanager sends as {@code endsAt} of a firing alert. */
    public static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private Rfc3339() {
    }

    public static Instant parse(String text, String pointer) throws PayloadException {
        if (text == null) {
            throw new PayloadException(pointer, "is required");
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new PayloadException(pointer, "'" + abbreviate(text) + "' is not an RFC 3339 time");
        }
    }

    /** Like {@link #parse}, but an absent value or Go's zero time means "not set" ({@code null}). */
    public static Instant parseOrZero(String text, String pointer) throws PayloadException {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Instant instant = parse(text, pointer);
        return instant.equals(GO_ZERO_TIME) ? null : instant;
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
