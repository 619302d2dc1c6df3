package dev.quell.ingest.http;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Inflates a {@code Content-Encoding: zstd} body (RFC 8878), which Vector's and Fluent Bit's
 * {@code zstd} compression send; Micronaut inflates gzip and deflate itself, but not zstd. The
 * inflated size is bounded while it is read, so a zstd bomb stops at the limit.
 */
final class ZstdBodies {

    private ZstdBodies() {
    }

    /**
     * The inflated body, at most {@code limit} bytes.
     *
     * @throws BoundedInflation.TooLargeException when it inflates past {@code limit}
     * @throws IOException when it is not zstd, or is cut short
     */
    static byte[] inflate(byte[] body, long limit) throws BoundedInflation.TooLargeException, IOException {
        return BoundedInflation.readAll(new ZstdInputStream(new ByteArrayInputStream(body)), limit, body.length);
    }
}
