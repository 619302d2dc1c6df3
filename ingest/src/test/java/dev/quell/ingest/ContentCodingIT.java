package dev.quell.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.luben.zstd.Zstd;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.events.LogEvent;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The content codings of a request body: gzip and deflate (and their x- aliases) are inflated,
 * identity is plain, and any other coding — Vector's and Fluent Bit's zstd, say — is refused
 * with 415 and {@code Accept-Encoding} instead of being read as if it were JSON.
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
    void shouldRefuseZstdWith415NamingTheCodingsItDecodesAndKeepTheBodyAsItCame() {
        logs.drain();
        deadLetters.drain();
        byte[] zstd = Zstd.compress(TWO_LOGS);

        HttpResponse<String> response = post("/logs", NDJSON, zstd, "Content-Encoding", "zstd");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Accept-Encoding")).hasValue("gzip, deflate");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("unsupported-content-encoding", "Content-Encoding zstd");
        List<DeadLetter> letters = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            letters.addAll(deadLetters.drain());
            assertThat(letters).hasSize(1);
        });
        DeadLetter letter = letters.get(0);
        assertThat(letter.source()).isEqualTo("ingest.logs");
        assertThat(letter.reason()).startsWith("415").contains("zstd");
        assertThat(letter.payloadBytes()).isEqualTo(zstd.length);
        assertThat(letter.payloadEncoding()).isEqualTo(DeadLetter.BASE64);
        assertThat(Zstd.decompress(letter.keptBytes(), TWO_LOGS.length))
                .as("the dead letter keeps the zstd bytes, so the logs can be recovered").isEqualTo(TWO_LOGS);
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

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }
}
