package dev.quell.streams.topology;

import dev.quell.schemas.events.AlertStatus;
import dev.quell.schemas.events.Incident;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each incident version within one Kafka record. A version is written whole, to the
 * incidents topic and to the {@code incidents-by-id} changelog, and one larger than the producer
 * takes failed the stream thread — then again on every retry of the same input, so one incident
 * of thousands of alerts stopped every incident. A version too large lists fewer of its alerts
 * and counts the rest in {@code alertsOmitted}; the firing, uninhibited ones (those a playbook
 * answers) are the last left out, and the ones listed keep their order. A version too large even
 * with no alert listed is not published (its version number is skipped), and the next change of
 * the incident tries again.
 */
final class RecordSizedVersions {

    private static final Logger LOG = LoggerFactory.getLogger(RecordSizedVersions.class);
    /** Firing and uninhibited first, then firing, then resolved. */
    private static final Comparator<Incident.Alert> LAST_LEFT_OUT = Comparator.comparingInt(alert ->
            alert.status() != AlertStatus.FIRING ? 2 : alert.inhibited() ? 1 : 0);

    private final Serializer<Incident> serializer;
    private final String topic;
    private final IntSupplier maxRecordBytes;
    private final TopologyEvents events;
    /** The incidents whose versions were cut lately, so that a growing incident is logged once, not per version. */
    private final Set<String> warned = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 1_024;
                }
            }));

    /**
     * @param serializer     the sink's and the store's ({@link SerializedOnce}): a version that fits is
     *                       serialized here once, and those writes reuse its bytes
     * @param maxRecordBytes the most bytes a version's key and value may have ({@link RecordLimit}),
     *                       read for each version
     */
    RecordSizedVersions(Serializer<Incident> serializer, String topic, IntSupplier maxRecordBytes, TopologyEvents events) {
        this.serializer = serializer;
        this.topic = topic;
        this.maxRecordBytes = maxRecordBytes;
        this.events = events;
    }

    /** The version as it is, or listing fewer alerts; empty when it is too large without any. */
    Optional<Incident> fitted(Incident version) {
        int limit = maxRecordBytes.getAsInt() - version.id().getBytes(StandardCharsets.UTF_8).length;
        int size = sizeOf(version);
        if (size <= limit) {
            return Optional.of(version);
        }
        List<Incident.Alert> byImportance = version.alerts().stream().sorted(LAST_LEFT_OUT).toList();
        Incident fitted = version;
        int listed = byImportance.size();
        while (size > limit && listed > 0) {
            // as if the alerts were all the bytes, with a tenth to spare; at least one fewer each time
            listed = (int) Math.min(listed - 1, (long) listed * limit * 9 / ((long) size * 10));
            fitted = version.listing(inListedOrder(version.alerts(), byImportance.subList(0, listed)));
            size = sizeOf(fitted);
        }
        if (size > limit) {
            LOG.error("incident {} version {} is {} bytes even without its alerts, more than one Kafka record holds ({});"
                    + " it is not published", version.id(), version.version(), size, limit);
            events.oversizeVersion(version, false);
            return Optional.empty();
        }
        if (warned.add(version.id())) { // once per incident: each of its versions is counted
            LOG.warn("incident {} version {} lists {} of its {} alerts to fit in one Kafka record (and so may its next"
                            + " versions: quell_incident_versions_oversize_total counts them)", version.id(), version.version(),
                    fitted.alerts().size(), version.alerts().size() + version.alertsOmitted());
        }
        events.oversizeVersion(fitted, true);
        return Optional.of(fitted);
    }

    /** The version's bytes as the topic gets them (for the version just fitted, without serializing it again). */
    int sizeOf(Incident version) {
        return serializer.serialize(topic, version).length;
    }

    /** {@code kept}, in the order the alerts have in {@code all}. */
    private static List<Incident.Alert> inListedOrder(List<Incident.Alert> all, List<Incident.Alert> kept) {
        Set<Incident.Alert> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        keep.addAll(kept);
        return all.stream().filter(keep::contains).toList();
    }
}
