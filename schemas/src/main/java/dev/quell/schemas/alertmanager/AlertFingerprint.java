package dev.quell.schemas.alertmanager;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The fingerprint Alertmanager gives an alert: prometheus/common {@code LabelSet.Fingerprint},
 * FNV-1a 64 over the label names in byte order, each name then byte 0xFF then its value then
 * byte 0xFF, written as 16 lower-case hex digits.
 */
public final class AlertFingerprint {

    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final int SEPARATOR = 0xFF;

    private AlertFingerprint() {
    }

    /**
     * Whether a fingerprint sent is in Alertmanager's form, 16 lower-case hex digits — the form every
     * alert event carries ({@code alert-event.schema.json}), so an alert sent with another is refused
     * at the webhook, not dead-lettered after it was answered 200.
     */
    public static boolean isWellFormed(String fingerprint) {
        if (fingerprint.length() != 16) {
            return false;
        }
        for (int i = 0; i < 16; i++) {
            char c = fingerprint.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    public static String of(Map<String, String> labels) {
        byte[][][] pairs = new byte[labels.size()][][];
        int i = 0;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            pairs[i++] = new byte[][] {label.getKey().getBytes(StandardCharsets.UTF_8),
                    label.getValue().getBytes(StandardCharsets.UTF_8)};
        }
        Arrays.sort(pairs, (a, b) -> Arrays.compareUnsigned(a[0], b[0]));
        long hash = OFFSET_BASIS;
        for (byte[][] pair : pairs) {
            hash = add(hash, pair[0]);
            hash = addByte(hash, SEPARATOR);
            hash = add(hash, pair[1]);
            hash = addByte(hash, SEPARATOR);
        }
        String hex = Long.toHexString(hash);
        return "0".repeat(16 - hex.length()) + hex;
    }

    private static long add(long hash, byte[] bytes) {
        for (byte b : bytes) {
            hash = addByte(hash, b & 0xFF);
        }
        return hash;
    }

    private static long addByte(long hash, int unsignedByte) {
        return (hash ^ unsignedByte) * PRIME;
    }
}
