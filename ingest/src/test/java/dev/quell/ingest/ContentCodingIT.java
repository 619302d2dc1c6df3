package dev.quell.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.luben.zstd.Zstd;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.events.LogEvent;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedOutputStream;

/**
 * The content codings of a request body: gzip and deflate (and their x- aliases), which Micronaut
 * inflates, zstd (Vector's and Fluent Bit's {@code zstd} compression) and snappy (Vector's raw
 * block, or the framing format), which ingest inflates, are read; identity is plain; any other coding is refused with 415 and {@code Accept-Encoding}
 * instead of being read as if it were JSON.
 */
@MicronautTest
class ContentCodingIT extends IngestTestSupport {

    private static final String NDJSON = "application/x-ndjson";
    private static final byte[] TWO_LOGS =
            "{\"message\":\"first\"}\n{\"message\":\"second\"}\n".getBytes(StandardCharsets.UTF_8);

    private TopicTail<LogEvent> logs;
    private TopicTail<DeadLetter> deadLetters;

    @BeforeAll
    void follow() {
        logs = tail(topics.logs());
        deadLetters = tail(topics.deadLetters());
    }

    @AfterAll
    void stopFollowing() {
        logs.close();
        deadLetters.close();
    }

    @Test
    void shouldTakeZstdOnEveryRoute() {
        logs.drain();

        assertThat(post("/logs", NDJSON, Zstd.compress(TWO_LOGS), "Content-Encoding", "zstd").statusCode())
                .isEqualTo(200);
        HttpResponse<String> bulk = post("/_bulk", NDJSON,
                Zstd.compress("{\"create\":{}}\n{\"message\":\"third\"}\n".getBytes(StandardCharsets.UTF_8)),
                "Content-Encoding", "ZSTD");
        assertThat(bulk.statusCode()).isEqualTo(200);
        assertThat(bulk.body()).contains("\"errors\":false");

        List<LogEvent> taken = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            taken.addAll(logs.drain());
            assertThat(taken).extracting(LogEvent::message).containsExactly("first", "second", "third");
        });
    }

    @Test
    void shouldRefuseACodingItDoesNotDecodeWith415NamingThoseItDoesAndKeepTheBodyAsItCame() {
        logs.drain();
        deadLetters.drain();
        byte[] brotliLike = {(byte) 0x8B, 0x02, (byte) 0x80, (byte) 0xFF, 0x7B, 0x22};

        HttpResponse<String> response = post("/logs", NDJSON, brotliLike, "Content-Encoding", "br");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Accept-Encoding")).hasValue("gzip, deflate, zstd, snappy");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("unsupported-content-encoding", "Content-Encoding br");
        DeadLetter letter = oneDeadLetter();
        assertThat(letter.source()).isEqualTo("ingest.logs");
        assertThat(letter.reason()).startsWith("415").contains("br");
        assertThat(letter.payloadEncoding()).isEqualTo(DeadLetter.BASE64);
        assertThat(letter.keptBytes()).as("the body exactly as it came").isEqualTo(brotliLike);
        assertThat(logs.drain()).isEmpty();
    }

    @Test
    void shouldRefuseStackedCodingsItCannotUndoWhole() {
        HttpResponse<String> response = post("/_bulk", NDJSON, gzip(TWO_LOGS), "Content-Encoding", "gzip, br");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("Content-Encoding gzip, br");
        assertThat(response.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
    }

    @Test
    void shouldStopAZstdBombAtTheBodyLimitAndRefuseABodyThatIsNotZstd() {
        deadLetters.drain();
        byte[] bomb = Zstd.compress(new byte[64 * 1024 * 1024]);

        HttpResponse<String> tooLarge = post("/logs", NDJSON, bomb, "Content-Encoding", "zstd");
        HttpResponse<String> notZstd = post("/webhooks/alertmanager", "application/json",
                "{\"status\":\"firing\",\"alerts\":[]}".getBytes(StandardCharsets.UTF_8), "Content-Encoding", "zstd");

        assertThat(bomb.length).as("small enough to pass the body limit compressed").isLessThan(5 * 1024 * 1024);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("payload-too-large", "quell.ingest.max-body-size");
        assertThat(notZstd.statusCode()).isEqualTo(400);
        assertThat(notZstd.body()).contains("malformed-request", "does not inflate");
        List<DeadLetter> letters = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            letters.addAll(deadLetters.drain());
            assertThat(letters).hasSize(2);
        });
        assertThat(letters).extracting(DeadLetter::payloadBytes).containsExactlyInAnyOrder(bomb.length, 31);
        DeadLetter bombLetter = letters.stream().filter(letter -> letter.payloadBytes() == bomb.length).findFirst()
                .orElseThrow();
        assertThat(bombLetter.keptBytes()).isEqualTo(Arrays.copyOf(bomb, bombLetter.keptBytes().length));
    }

    @Test
    void shouldTakeSnappyAsARawBlockAsVectorSendsItOrFramedOnEveryRoute() throws Exception {
        logs.drain();

        assertThat(post("/logs", NDJSON, Snappy.compress(TWO_LOGS), "Content-Encoding", "snappy").statusCode())
                .as("Vector's compression = \"snappy\": one raw block").isEqualTo(200);
        HttpResponse<String> bulk = post("/_bulk?pipeline=none", NDJSON,
                framedSnappy("{\"create\":{}}\n{\"message\":\"third\"}\n".getBytes(StandardCharsets.UTF_8)),
                "Content-Encoding", "Snappy");
        assertThat(bulk.statusCode()).isEqualTo(200);
        assertThat(bulk.body()).contains("\"errors\":false");
        HttpResponse<String> webhook = post("/webhooks/alertmanager", "application/json",
                Snappy.compress("{\"status\":\"firing\",\"alerts\":[]}".getBytes(StandardCharsets.UTF_8)),
                "Content-Encoding", "snappy");
        assertThat(webhook.statusCode()).isEqualTo(200);

        List<LogEvent> taken = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            taken.addAll(logs.drain());
            assertThat(taken).extracting(LogEvent::message).containsExactly("first", "second", "third");
        });
    }

    @Test
    void shouldRefuseABodyThatIsNotSnappyKeepingItAsItCame() {
        deadLetters.drain();

        HttpResponse<String> response = post("/logs", NDJSON, TWO_LOGS, "Content-Encoding", "snappy");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("malformed-request", "Content-Encoding snappy");
        assertThat(oneDeadLetter().keptBytes()).as("not the empty payload a body Micronaut refused had")
                .isEqualTo(TWO_LOGS);
    }

    private static byte[] framedSnappy(byte[] plain) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (SnappyFramedOutputStream snappy = new SnappyFramedOutputStream(out)) {
            snappy.write(plain);
        }
        return out.toByteArray();
    }

    @Test
    void shouldTakeIdentityAndTheXGzipAlias() {
        logs.drain();

        assertThat(post("/logs", NDJSON, TWO_LOGS, "Content-Encoding", "identity").statusCode()).isEqualTo(200);
        assertThat(post("/logs", NDJSON, gzip(TWO_LOGS), "Content-Encoding", "X-GZIP").statusCode()).isEqualTo(200);

        List<LogEvent> taken = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            taken.addAll(logs.drain());
            assertThat(taken).extracting(LogEvent::message).containsExactly("first", "second", "first", "second");
        });
    }

    private DeadLetter oneDeadLetter() {
        List<DeadLetter> letters = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            letters.addAll(deadLetters.drain());
            assertThat(letters).hasSize(1);
        });
        return letters.get(0);
    }
}
