package dev.quell.remediator.engine;

import dev.quell.schemas.events.RemediationEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What {@code quell.remediations.v1} already tells about some decisions: read when the engine takes
 * over targets whose ledger shows an action started and not ended, or an approval request, to
 * learn what was published before the remediator stopped.
 */
public interface PublishedEvents {

    /** How far before a recorded time its events are looked for: the clocks of replicas differ a little. */
    Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /**
     * The events published since {@code since} for each of these decisions (keys of
     * {@link RemediationEngine#decisionKey}), oldest first; a decision with none is absent.
     */
    Map<String, List<RemediationEvent>> since(Instant since, Collection<String> decisions);
}
