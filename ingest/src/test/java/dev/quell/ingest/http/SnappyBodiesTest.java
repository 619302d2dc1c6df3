package dev.quell.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedOutputStream;

class SnappyBodiesTest {

    private static final byte[] LINES = "{\"message\":\"a\"}\n{\"message\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldInflateARawBlockAsVectorSendsIt() throws Exception {
        assertThat(SnappyBodies.inflate(Snappy.compress(LINES), 1_000)).isEqualTo(LINES);
    }

    @Test
    void shouldInflateTheFramingFormat() throws Exception {
        assertThat(SnappyBodies.inflate(framed(LINES), 1_000)).isEqualTo(LINES);
    }

    @Test
    void shouldStopABombOfEitherFormAtTheLimit() throws Exception {
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];

        assertThatThrownBy(() -> SnappyBodies.inflate(Snappy.compress(tenMegabytes), 1024 * 1024))
                .isInstanceOf(BoundedInflation.TooLargeException.class);
        assertThatThrownBy(() -> SnappyBodies.inflate(framed(tenMegabytes), 1024 * 1024))
                .isInstanceOf(BoundedInflation.TooLargeException.class);
    }

    @Test
    void shouldRefuseWhatIsNotSnappy() {
        assertThatThrownBy(() -> SnappyBodies.inflate(LINES, 1_000)).isInstanceOf(IOException.class);
        byte[] framed = framedOrFail();
        byte[] cut = java.util.Arrays.copyOf(framed, framed.length - 3);
        assertThatThrownBy(() -> SnappyBodies.inflate(cut, 1_000)).isInstanceOf(IOException.class);
    }

    private static byte[] framedOrFail() {
        try {
            return framed(LINES);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] framed(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SnappyFramedOutputStream snappy = new SnappyFramedOutputStream(out)) {
            snappy.write(plain);
        }
        return out.toByteArray();
    }
}
