package dev.quell.ingest.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.ingest.config.IngestConfig;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.ecs.LogEvents;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.json.PayloadException;
import jakarta.inject.Singleton;
import java.time.Instant;

/** One shipped document, in whatever shipper's shape, to the {@link LogEvent} for {@code quell.logs.v1}. */
@Singleton
public class LogEventMapper {

    private final CorrelationKeys keys;

    public LogEventMapper(IngestConfig config) {
        this.keys = config.correlationKeys();
    }

    /** @param pointer where the document sits in its request ({@code ""} or {@code /3}), for errors */
    public LogEvent map(ObjectNode document, Instant receivedAt, String pointer) throws PayloadException {
        return LogEvents.fromFields(new ShippedLogFields(document), document, keys, receivedAt, pointer);
    }
}
