package dev.quell.ingest.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedInputStream;

/**
 * Inflates a {@code Content-Encoding: snappy} body in either form a sender uses: one raw snappy
 * block (Vector's {@code compression = "snappy"}), or the framing format, which begins with its
 * stream identifier. The inflated size is bounded: a raw block's declared length is checked before
 * it is inflated, a framed stream's size while it is read.
 */
final class SnappyBodies {

    /** The framing format's stream identifier chunk: type 0xff, length 6, "sNaPpY". */
    private static final byte[] STREAM_IDENTIFIER = {(byte) 0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'};

    private SnappyBodies() {
    }

    /**
     * The inflated body, at most {@code limit} bytes.
     *
     * @throws BoundedInflation.TooLargeException when it inflates past {@code limit}
     * @throws IOException when it is not snappy, or is cut short
     */
    static byte[] inflate(byte[] body, long limit) throws BoundedInflation.TooLargeException, IOException {
        if (body.length >= STREAM_IDENTIFIER.length
                && Arrays.equals(body, 0, STREAM_IDENTIFIER.length, STREAM_IDENTIFIER, 0, STREAM_IDENTIFIER.length)) {
            return BoundedInflation.readAll(new SnappyFramedInputStream(new ByteArrayInputStream(body)), limit,
                    body.length);
        }
        if (!Snappy.isValidCompressedBuffer(body)) {
            throw new IOException("not a snappy block, nor a snappy framed stream");
        }
        if (Snappy.uncompressedLength(body) > limit) {
            throw new BoundedInflation.TooLargeException(limit);
        }
        return Snappy.uncompress(body);
    }
}
