package dev.quell.schemas.incidents;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Incident ids that carry their correlation key, so any service can tell which partition (and
 * which Streams instance) holds an incident from its id alone, and ids stay URL-safe:
 * {@code inc-<base64url(correlation key)>-<opened at, epoch ms>}.
 */
public final class IncidentIds {

    private static final String PREFIX = "inc-";

    private IncidentIds() {
    }

    public static String of(String correlationKey, Instant openedAt) {
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(correlationKey.getBytes(StandardCharsets.UTF_8));
        return PREFIX + key + "-" + openedAt.toEpochMilli();
    }

    /** @throws IllegalArgumentException when {@code id} is not an incident id */
    public static String correlationKeyOf(String id) {
        int dash = id == null ? -1 : id.lastIndexOf('-');
        if (id == null || !id.startsWith(PREFIX) || dash <= PREFIX.length()) {
            throw new IllegalArgumentException("not an incident id: " + id);
        }
        try {
            Long.parseLong(id.substring(dash + 1));
            return new String(Base64.getUrlDecoder().decode(id.substring(PREFIX.length(), dash)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an incident id: " + id);
        }
    }
}
