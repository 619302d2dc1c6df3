package dev.quell.schemas.time;

import dev.quell.schemas.json.PayloadException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * RFC 3339 timestamps as Go's {@code time.Time} writes them, and Go's zero time.
 *
 * <p>Every alert carries two timestamps and every log line one, so the form the peers send
 * ({@code 2026-11-27T16:33:52.123456789Z}, {@code …+08:00}) is read by hand; anything else goes
 * to {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, which stays the definition of what is accepted.
 */
public final class Rfc3339 {

    /** Go's zero {@code time.Time}, which Alertmanager sends as {@code endsAt} of a firing alert. */
    public static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private static final int SECONDS_PER_DAY = 86_400;
    private static final int MAX_OFFSET_HOURS = 18;
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in epoch seconds: the years {@link #format} writes by hand. */
    private static final long YEAR_0 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;

    private Rfc3339() {
    }

    public static Instant parse(String text, String pointer) throws PayloadException {
        if (text == null) {
            throw new PayloadException(pointer, "is required");
        }
        Instant instant = parseCommonForm(text);
        if (instant == null) {
            try {
                instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw new PayloadException(pointer, "'" + abbreviate(text) + "' is not an RFC 3339 time");
            }
        }
        if (!inWritableYears(instant.getEpochSecond())) {
            // the events write times in UTC, and RFC 3339 has four-digit years: such a time could not be written
            throw new PayloadException(pointer, "'" + abbreviate(text) + "' is not in the years 0000 to 9999 in UTC,"
                    + " the times an RFC 3339 time in UTC can write");
        }
        return instant;
    }

    /**
     * Whether an instant, in epoch seconds, is in the years 0000 to 9999 in UTC: the instants an RFC
     * 3339 time in UTC can write, and so the times an event can carry.
     */
    public static boolean inWritableYears(long epochSecond) {
        return epochSecond >= YEAR_0 && epochSecond < YEAR_10000;
    }

    /** Like {@link #parse}, but an absent value or Go's zero time means "not set" ({@code null}). */
    public static Instant parseOrZero(String text, String pointer) throws PayloadException {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Instant instant = parse(text, pointer);
        return instant.equals(GO_ZERO_TIME) ? null : instant;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f…]} then {@code Z} or {@code ±HH:mm}, with up to nine fraction
     * digits, that is in the years 0000 to 9999 in UTC too; {@code null} for any other text, valid
     * or not, which a formatter must then decide.
     */
    public static Instant parseCommonForm(String text) {
        int length = text.length();
        if (length < 20 || !separatorsAt(text)) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int position = 19;
        int nanos = 0;
        if (text.charAt(position) == '.') {
            int fractionStart = ++position;
            while (position < length && isDigit(text.charAt(position)) && position - fractionStart < 9) {
                nanos = nanos * 10 + (text.charAt(position) - '0');
                position++;
            }
            int fractionDigits = position - fractionStart;
            if (fractionDigits == 0) {
                return null;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        Integer offsetSeconds = offsetSeconds(text, position);
        if (offsetSeconds == null) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        long seconds = epochDay * SECONDS_PER_DAY + hour * 3_600L + minute * 60L + second - offsetSeconds;
        if (!inWritableYears(seconds)) {
            return null; // its offset takes it out of the years UTC can write: parse refuses it, naming why
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /**
     * The instant as {@link DateTimeFormatter#ISO_INSTANT} writes it (UTC, the fraction in groups
     * of three digits as needed), written by hand for the years 0 to 9999.
     */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        int nanos = instant.getNano();
        int fractionDigits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        char[] text = new char[20 + (fractionDigits == 0 ? 0 : fractionDigits + 1)];
        put(text, 0, date.getYear(), 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        put(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        put(text, 17, secondOfDay % 60, 2);
        if (fractionDigits > 0) {
            text[19] = '.';
            put(text, 20, nanos / (fractionDigits == 3 ? 1_000_000 : fractionDigits == 6 ? 1_000 : 1), fractionDigits);
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    /** {@code value} as {@code count} decimal digits, zero-padded, at {@code start}. */
    private static void put(char[] text, int start, int value, int count) {
        for (int i = start + count - 1; i >= start; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static boolean separatorsAt(String text) {
        char t = text.charAt(10);
        return text.charAt(4) == '-' && text.charAt(7) == '-' && (t == 'T' || t == 't')
                && text.charAt(13) == ':' && text.charAt(16) == ':';
    }

    /** The offset that ends the text at {@code position}, in seconds; {@code null} when it is not {@code Z} or {@code ±HH:mm}. */
    private static Integer offsetSeconds(String text, int position) {
        int remaining = text.length() - position;
        if (remaining < 1) {
            return null;
        }
        char sign = text.charAt(position);
        if (remaining == 1 && (sign == 'Z' || sign == 'z')) {
            return 0;
        }
        if (remaining != 6 || (sign != '+' && sign != '-') || text.charAt(position + 3) != ':') {
            return null;
        }
        int hours = digits(text, position + 1, 2);
        int minutes = digits(text, position + 4, 2);
        if (hours < 0 || minutes < 0 || hours > MAX_OFFSET_HOURS || minutes > 59
                || (hours == MAX_OFFSET_HOURS && minutes > 0)) {
            return null;
        }
        int seconds = hours * 3_600 + minutes * 60;
        return sign == '-' ? -seconds : seconds;
    }

    /** The number written by {@code count} ASCII digits at {@code start}, or -1 when one is not a digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
