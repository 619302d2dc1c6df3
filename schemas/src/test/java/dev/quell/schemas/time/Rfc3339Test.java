package dev.quell.schemas.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quell.schemas.json.PayloadException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Rfc3339Test {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T16:33:52Z", "2026-11-27T16:33:52.1Z", "2026-11-27T16:33:52.123456789Z",
            "2026-11-27T16:33:52.5+08:00", "2026-11-27T16:33:52-05:30", "2026-11-27t16:33:52z",
            "2024-02-29T23:59:59.999999999-18:00", "0001-01-01T00:00:00Z", "2026-01-01T00:00:00+00:00"})
    void readsWhatPeersSendAsTheFormatterDoes(String text) throws PayloadException {
        assertThat(Rfc3339.parseCommonForm(text)).as("read by hand").isNotNull();
        assertThat(Rfc3339.parse(text, "/t")).isEqualTo(formatter(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T00:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T16:60:00Z",
            "2026-11-27T16:33:60Z", "2026-13-01T00:00:00Z",
            "2026-11-27T16:33:52.1234567891Z", "2026-11-27T16:33:52+19:00", "2026-11-27 16:33:52Z",
            "2026-11-27T16:33:52", "2026-11-27T16:33:52+0800", "yesterday"})
    void refusesWhatTheFormatterRefuses(String text) {
        assertThatThrownBy(() -> Rfc3339.parse(text, "/alerts/0/startsAt"))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("/alerts/0/startsAt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9999-12-31T23:59:59-01:00", "0000-01-01T00:00:00+01:00", "+10000-01-01T00:00:00Z",
            "-0001-12-31T23:59:59Z"})
    void refusesATimeOutsideTheYearsItCouldBeWrittenInUtc(String text) {
        assertThatThrownBy(() -> Rfc3339.parse(text, "/@timestamp"))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("/@timestamp")
                .hasMessageContaining("years 0000 to 9999 in UTC");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59+01:00"})
    void readsAndWritesTheFirstAndLastTimesItCan(String text) throws PayloadException {
        Instant instant = Rfc3339.parse(text, "/t");

        assertThat(Rfc3339.parse(Rfc3339.format(instant), "/t")).isEqualTo(instant);
        assertThat(Rfc3339.format(instant)).matches("\\d{4}-.*Z");
    }

    @Test
    void leavesOtherValidFormsToTheFormatter() throws PayloadException {
        String withOffsetSeconds = "2026-11-27T16:33:52+01:00:30";
        assertThat(Rfc3339.parseCommonForm(withOffsetSeconds)).isNull();
        assertThat(Rfc3339.parse(withOffsetSeconds, "/t")).isEqualTo(formatter(withOffsetSeconds));
    }

    /** Mutations of valid timestamps, one to three characters each: the same verdict as the formatter, always. */
    @Test
    void agreesWithTheFormatterOnMutatedTimestamps() {
        Random random = new Random(20261127);
        String alphabet = "0123456789-:.TtZz+ 9";
        String[] seeds = {"2026-11-27T16:33:52.123456789Z", "2024-02-29T23:59:59+08:00", "1999-12-31T00:00:00.5-05:30"};
        int readByHand = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder(seeds[i % seeds.length]);
            for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> text.deleteCharAt(at);
                    default -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String candidate = text.toString();
            Instant expected = formatterOrNull(candidate);
            Instant fast = Rfc3339.parseCommonForm(candidate);
            if (fast != null) {
                readByHand++;
                assertThat(fast).as(candidate).isEqualTo(expected);
            }
            if (expected == null) {
                assertThatThrownBy(() -> Rfc3339.parse(candidate, "/t")).as(candidate).isInstanceOf(PayloadException.class);
            }
        }
        assertThat(readByHand).as("mutations the hand-written path decided").isGreaterThan(1_000);
    }

    private static Instant formatter(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    private static Instant formatterOrNull(String text) {
        try {
            return formatter(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
