package dev.quell.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the realistic payloads under {@code src/test/resources/payloads/}. */
public final class TestPayloads {

    private TestPayloads() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = TestPayloads.class.getResourceAsStream("/payloads/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test payload " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
