package dev.quell.ingest.http;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Inflates a {@code Content-Encoding: zstd} body (RFC 8878), which Vector's and Fluent Bit's
 * {@code zstd} compression send; Micronaut inflates gzip and deflate itself, but not zstd. The
 * inflated size is bounded while it is read, so a zstd bomb stops at the limit.
 */
final class ZstdBodies {

    private static final int CHUNK = 64 * 1024;

    private ZstdBodies() {
    }

    /** Thrown when the body inflates past the limit; nothing more of it was inflated. */
    static final class TooLargeException extends Exception {
        TooLargeException(long limit) {
            super("the body inflates to more than the maximum of " + limit + " bytes (quell.ingest.max-body-size)");
        }
    }

    /**
     * The inflated body, at most {@code limit} bytes.
     *
     * @throws TooLargeException when it inflates past {@code limit}
     * @throws IOException when it is not zstd, or is cut short
     */
    static byte[] inflate(byte[] body, long limit) throws TooLargeException, IOException {
        ByteArrayOutputStream inflated = new ByteArrayOutputStream((int) Math.min(body.length * 4L, CHUNK));
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(body))) {
            byte[] chunk = new byte[CHUNK];
            for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
                if (inflated.size() + (long) read > limit) {
                    throw new TooLargeException(limit);
                }
                inflated.write(chunk, 0, read);
            }
        }
        return inflated.toByteArray();
    }
}
