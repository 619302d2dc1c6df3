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

    public static String of(Map<String, String> labels) {
        byte[][] names = labels.keySet().stream()
                .map(name -> name.getBytes(StandardCharsets.UTF_8))
                .sorted(Arrays::compareUnsigned)
                .toArray(byte[][]::new);
        long hash = OFFSET_BASIS;
        for (byte[] name : names) {
            String value = labels.get(new String(name, StandardCharsets.UTF_8));
            hash = add(hash, name);
            hash = addByte(hash, SEPARATOR);
            hash = add(hash, value.getBytes(StandardCharsets.UTF_8));
            hash = addByte(hash, SEPARATOR);
        }
        return String.format("%016x", hash);
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
