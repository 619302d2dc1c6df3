package dev.quell.schemas.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Input Quell could not take, kept on {@code quell.deadletter.v1} so nothing is lost silently.
 *
 * @param source       where it came from ({@code ingest.webhook}, {@code ingest.logs}, {@code streams.alerts}, …)
 * @param reason       what was wrong, naming the field
 * @param payload      the input as text, cut to {@link #MAX_PAYLOAD_BYTES}
 * @param truncated    whether {@code payload} was cut
 * @param payloadBytes the size of the whole input
 * @param remoteAddress who sent it (an HTTP client's address), or {@code null} when it did not come over HTTP
 */
public record DeadLetter(
        String source,
        String reason,
        String payload,
        boolean truncated,
        int payloadBytes,
        String remoteAddress,
        Instant receivedAt) {

    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    public static DeadLetter of(String source, String reason, byte[] payload, Instant receivedAt) {
        return of(source, reason, payload, null, receivedAt);
    }

    public static DeadLetter of(String source, String reason, byte[] payload, String remoteAddress, Instant receivedAt) {
        int kept = Math.min(payload.length, MAX_PAYLOAD_BYTES);
        String text = new String(payload, 0, kept, StandardCharsets.UTF_8);
        return new DeadLetter(source, reason, text, kept < payload.length, payload.length, remoteAddress, receivedAt);
    }
}
