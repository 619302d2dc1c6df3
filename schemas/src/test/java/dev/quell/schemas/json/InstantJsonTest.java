package dev.quell.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Quell's instants on the wire are byte for byte what the Java time module alone reads and writes. */
class InstantJsonTest {

    private static final ObjectMapper JAVA_TIME_ONLY = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private final Random random = new Random(20261127);

    @Test
    void writesInstantsAsTheJavaTimeModuleDoes() throws Exception {
        long yearZero = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long year10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            long seconds = i % 100 == 0 ? yearZero - 86_400L * random.nextInt(1_000) // outside 0..9999: the formatter's
                    : i % 100 == 1 ? year10000 + random.nextInt(1_000_000)
                    : yearZero + (long) (random.nextDouble() * (year10000 - yearZero));
            Instant instant = Instant.ofEpochSecond(seconds, nanos());
            assertThat(Json.mapper().writeValueAsString(instant)).as("%s", instant)
                    .isEqualTo(JAVA_TIME_ONLY.writeValueAsString(instant));
        }
        assertThat(Json.mapper().writeValueAsString(Instant.parse("2026-11-27T16:33:52.120Z")))
                .isEqualTo("\"2026-11-27T16:33:52.120Z\"");
        for (Instant edge : new Instant[] {Instant.MIN, Instant.MAX, Instant.ofEpochSecond(yearZero),
                Instant.ofEpochSecond(yearZero - 1, 999_999_999), Instant.ofEpochSecond(year10000 - 1, 999_999_999),
                Instant.ofEpochSecond(year10000)}) {
            assertThat(Json.mapper().writeValueAsString(edge)).isEqualTo(JAVA_TIME_ONLY.writeValueAsString(edge));
        }
    }

    @Test
    void readsWhatTheJavaTimeModuleReads() throws Exception {
        String[] forms = {"2026-11-27T16:33:52Z", "2026-11-27T16:33:52.5+08:00", "2026-11-27t16:33:52.123456z",
                "1999-12-31T23:59:59.999999999-05:30", "0001-01-01T00:00:00Z", "1764261232", "1764261232.5",
                " 2026-11-27T16:33:52Z", "2026-11-27T16:33:52+01:00:30", "2026-02-30T00:00:00Z", "2026-11-27T24:00:00Z",
                "2026-11-27", "yesterday", ""};
        for (String form : forms) {
            assertThat(read(Json.mapper(), form)).as(form).isEqualTo(read(JAVA_TIME_ONLY, form));
        }
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), nanos());
            String written = JAVA_TIME_ONLY.writeValueAsString(instant);
            assertThat(Json.mapper().readValue(written, Instant.class)).isEqualTo(instant);
        }
    }

    private int nanos() {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
    }

    /** The instant read, or the kind of refusal. */
    private static Object read(ObjectMapper mapper, String text) {
        try {
            return mapper.readValue(mapper.writeValueAsString(text), Instant.class);
        } catch (Exception e) {
            return "refused";
        }
    }
}
