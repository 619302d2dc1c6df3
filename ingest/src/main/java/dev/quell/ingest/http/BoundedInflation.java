package dev.quell.ingest.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads an inflating stream to its end, stopping at a limit: a compression bomb goes no further. */
final class BoundedInflation {

    private static final int CHUNK = 64 * 1024;

    private BoundedInflation() {
    }

    /** Thrown when the body inflates past the limit; nothing more of it was inflated. */
    static final class TooLargeException extends Exception {
        TooLargeException(long limit) {
            super("the body inflates to more than the maximum of " + limit + " bytes (quell.ingest.max-body-size)");
        }
    }

    /**
     * Everything {@code in} gives, at most {@code limit} bytes.
     *
     * @param sizeHint the body's compressed size, for the first buffer
     * @throws TooLargeException when it gives more than {@code limit}
     * @throws IOException       when it cannot be inflated (not its coding, or cut short)
     */
    static byte[] readAll(InputStream in, long limit, int sizeHint) throws TooLargeException, IOException {
        ByteArrayOutputStream inflated = new ByteArrayOutputStream((int) Math.min(sizeHint * 4L, CHUNK));
        try (in) {
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
