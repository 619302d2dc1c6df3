package dev.quell.schemas.events;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.ToIntFunction;

/**
 * Input Quell could not take, kept on {@code quell.deadletter.v1} so nothing is lost silently.
 *
 * @param source          where it came from ({@code ingest.webhook}, {@code ingest.logs}, {@code streams.alerts}, …)
 * @param reason          what was wrong, naming the field: at most {@value #MAX_REASON_CHARS} characters, a longer
 *                        one (every violation of a record with thousands) cut and ending with how long it was
 * @param payload         the first {@link #MAX_PAYLOAD_BYTES} of the input, as {@code payloadEncoding} says
 * @param payloadEncoding {@value #TEXT} when the input is UTF-8 text, kept as it is; {@value #BASE64} when
 *                        it is not (a zstd or brotli body, a binary Kafka value), its bytes kept exactly.
 *                        Absent in letters written before 2026-12-07, whose payload is always text
 * @param truncated       whether {@code payload} was cut
 * @param payloadBytes    the size of the whole input
 * @param remoteAddress   who sent it (an HTTP client's address), or {@code null} when it did not come over HTTP
 */
public record DeadLetter(
        String source,
        String reason,
        String payload,
        String payloadEncoding,
        boolean truncated,
        int payloadBytes,
        String remoteAddress,
        Instant receivedAt) {

    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    /**
     * The longest reason kept. With the payload's 64 KiB, a letter stays far within one Kafka
     * record (under 450 KB of JSON even when every character takes a six-character escape) however
     * many violations its record had: a longer one was refused by the producer, and the topology
     * that wrote it failed on every retry.
     */
    public static final int MAX_REASON_CHARS = 4096;
    public static final String TEXT = "utf-8";
    public static final String BASE64 = "base64";

    public static DeadLetter of(String source, String reason, byte[] payload, Instant receivedAt) {
        return of(source, reason, payload, null, receivedAt);
    }

    public static DeadLetter of(String source, String reason, byte[] payload, String remoteAddress, Instant receivedAt) {
        return of(source, reason, payload, MAX_PAYLOAD_BYTES, payload.length, remoteAddress, receivedAt);
    }

    /**
     * This letter keeping at most {@code maxBytes} of its payload — for a dead-letter topic that
     * takes smaller records than Kafka's default; {@code payloadBytes} still says how big the
     * input was.
     */
    public DeadLetter withPayloadCut(int maxBytes) {
        byte[] kept = keptBytes();
        if (kept.length <= maxBytes) {
            return this;
        }
        return of(source, reason, kept, maxBytes, payloadBytes, remoteAddress, receivedAt);
    }

    /**
     * This letter, or keeping less of its payload — half as much each time, down to none — until
     * {@code sizeOf} it is at most {@code maxBytes}: for a dead-letter topic configured for smaller
     * records ({@code max.message.bytes}), which refused a larger letter on every retry.
     */
    public DeadLetter fittedTo(int maxBytes, ToIntFunction<DeadLetter> sizeOf) {
        if (mostJsonBytes() <= maxBytes) {
            return this; // a topic of Kafka's default limit: no letter needs measuring
        }
        DeadLetter fitted = this;
        int kept = keptBytes().length;
        while (kept > 0 && sizeOf.applyAsInt(fitted) > maxBytes) {
            kept /= 2;
            fitted = withPayloadCut(kept);
        }
        return fitted;
    }

    /**
     * A bound of this letter's size as JSON: each character of its strings at most six bytes (the
     * escape of a control character), and 512 for the field names, the time and the numbers.
     */
    int mostJsonBytes() {
        long chars = (long) source.length() + reason.length() + payload.length()
                + (remoteAddress == null ? 0 : remoteAddress.length());
        return (int) Math.min(Integer.MAX_VALUE, 6 * chars + 512);
    }

    private static DeadLetter of(String source, String reason, byte[] payload, int maxBytes, int inputBytes,
                                 String remoteAddress, Instant receivedAt) {
        reason = bounded(reason);
        int kept = textCut(payload, maxBytes);
        String text = utf8(payload, kept);
        if (text != null) {
            return new DeadLetter(source, reason, text, TEXT, kept < inputBytes, inputBytes, remoteAddress, receivedAt);
        }
        int raw = Math.min(payload.length, maxBytes);
        return new DeadLetter(source, reason, Base64.getEncoder().encodeToString(Arrays.copyOf(payload, raw)), BASE64,
                raw < inputBytes, inputBytes, remoteAddress, receivedAt);
    }

    /** The kept bytes of the input, exactly as they came: the whole input unless {@code truncated}. */
    public byte[] keptBytes() {
        return BASE64.equals(payloadEncoding) ? Base64.getDecoder().decode(payload)
                : payload.getBytes(StandardCharsets.UTF_8);
    }

    /** The reason, or its start and how long it was when it is longer than {@link #MAX_REASON_CHARS}. */
    static String bounded(String reason) {
        if (reason.length() <= MAX_REASON_CHARS) {
            return reason;
        }
        String tail = " … (cut: " + reason.length() + " characters in all)";
        int cut = MAX_REASON_CHARS - tail.length();
        if (Character.isHighSurrogate(reason.charAt(cut - 1))) {
            cut--;
        }
        return reason.substring(0, cut) + tail;
    }

    /** Where to cut text: at most {@code maxBytes}, never inside a UTF-8 character. */
    private static int textCut(byte[] payload, int maxBytes) {
        int cut = Math.min(payload.length, maxBytes);
        int floor = Math.max(0, cut - 3);
        while (cut > floor && cut < payload.length && (payload[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return cut;
    }

    /** The first {@code length} bytes as text when they are well-formed UTF-8, else {@code null}. */
    private static String utf8(byte[] payload, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
