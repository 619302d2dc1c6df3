package dev.quell.streams.topology;

import dev.quell.schemas.events.LogEvent;
import dev.quell.streams.engine.LogSignalHit;
import dev.quell.streams.rules.ClassificationRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What one log line says: the known signatures its message matches, and whether it is error-level. */
final class LogSignals {

    private static final int SAMPLE_LENGTH = 300;

    private final ClassificationRules rules;

    LogSignals(ClassificationRules rules) {
        this.rules = rules;
    }

    List<LogSignalHit> signatures(LogEvent log) {
        String message = log.message();
        if (message == null || message.isEmpty()) {
            return List.of();
        }
        List<LogSignalHit> hits = new ArrayList<>(1);
        for (ClassificationRules.LogSignature signature : rules.logSignatures()) {
            if (signature.pattern().matcher(message).find()) {
                hits.add(new LogSignalHit(signature.name(), 1, log.timestamp(), sample(message)));
            }
        }
        return hits;
    }

    boolean isErrorLevel(LogEvent log) {
        return log.level() != null && rules.errorBurst().levels().contains(log.level().trim().toUpperCase(Locale.ROOT));
    }

    static String sample(String message) {
        return message.length() <= SAMPLE_LENGTH ? message : message.substring(0, SAMPLE_LENGTH) + "...";
    }
}
