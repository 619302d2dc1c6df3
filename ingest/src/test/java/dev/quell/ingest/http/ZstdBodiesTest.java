package dev.quell.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZstdBodiesTest {

    private static final byte[] PLAIN = text(300_000);

    @Test
    void shouldInflateABodyOfExactlyTheLimit() throws Exception {
        assertThat(ZstdBodies.inflate(Zstd.compress(PLAIN), PLAIN.length)).isEqualTo(PLAIN);
    }

    @Test
    void shouldStopAtOneByteOverTheLimit() {
        assertThatThrownBy(() -> ZstdBodies.inflate(Zstd.compress(PLAIN), PLAIN.length - 1))
                .isInstanceOf(BoundedInflation.TooLargeException.class)
                .hasMessageContaining(String.valueOf(PLAIN.length - 1));
    }

    @Test
    void shouldRefuseAFrameCutShort() {
        byte[] compressed = Zstd.compress(PLAIN);

        assertThatThrownBy(() -> ZstdBodies.inflate(Arrays.copyOf(compressed, compressed.length / 2), Long.MAX_VALUE))
                .isInstanceOf(IOException.class);
    }

    @Test
    void shouldRefuseABodyThatIsNotZstd() {
        assertThatThrownBy(() -> ZstdBodies.inflate("{\"message\":\"x\"}".getBytes(), Long.MAX_VALUE))
                .isInstanceOf(IOException.class);
    }

    private static byte[] text(int length) {
        Random random = new Random(3);
        byte[] text = new byte[length];
        for (int i = 0; i < length; i++) {
            text[i] = (byte) ('a' + random.nextInt(26));
        }
        return text;
    }
}
