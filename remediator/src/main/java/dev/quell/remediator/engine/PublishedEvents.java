package dev.quell.remediator.engine;

import dev.quell.schemas.events.RemediationEvent;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What {@code quell.remediations.v1} already tells about some decisions: read when the engine takes
 * over targets whose ledger shows an action started and not ended, to learn whether its end was
 * published before the remediator stopped.
 */
public interface PublishedEvents {

    /**
     * The events published since {@code since} for each of these decisions (keys of
     * {@link RemediationEngine#decisionKey}), oldest first; a decision with none is absent.
     */
    Map<String, List<RemediationEvent>> since(Instant since, Collection<String> decisions);
}
