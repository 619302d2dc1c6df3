package dev.quell.streams.app;

import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.Severity;
import dev.quell.schemas.incidents.IncidentIds;
import dev.quell.streams.topology.IncidentTopology;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads incidents from the Streams stores (interactive queries). An incident lives with the
 * instance that owns its correlation key's partition; its id carries the key, so any instance can
 * tell which one that is.
 */
@Singleton
public class IncidentQueries {

    /** Where an incident is: here (with its value, if any), or at another instance. */
    public record Location(boolean local, Optional<Incident> incident, HostInfo owner) {
    }

    private final KafkaStreams streams;
    private final HostInfo self;

    public IncidentQueries(StreamsRunner runner, StreamsSettings settings) {
        this.streams = runner.streams();
        this.self = new HostInfo(settings.advertisedUrl().getHost(), settings.advertisedUrl().getPort());
    }

    /** The {@code limit} most recently updated incidents this instance holds of these statuses and severities, newest first. */
    NewestFirst local(Set<IncidentStatus> statuses, Set<Severity> severities, int limit) {
        try (KeyValueIterator<String, Incident> all = store().all()) {
            Iterator<Incident> values = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return all.hasNext();
                }

                @Override
                public Incident next() {
                    return all.next().value;
                }
            };
            return NewestFirst.of(values, incident -> statuses.contains(incident.status())
                    && severities.contains(incident.severity()), limit);
        }
    }

    /** How many open incidents of each severity this instance holds. */
    Map<Severity, Long> openBySeverity() {
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        try (KeyValueIterator<String, Incident> all = store().all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.status() == IncidentStatus.OPEN) {
                    counts.merge(entry.value.severity(), 1L, Long::sum);
                }
            });
        }
        return counts;
    }

    /** The other instances that hold part of the incidents. */
    public List<HostInfo> otherInstances() {
        return streams.streamsMetadataForStore(IncidentTopology.INCIDENTS_BY_ID_STORE).stream()
                .map(StreamsMetadata::hostInfo)
                .filter(host -> !host.equals(self))
                .distinct()
                .toList();
    }

    /** @throws IllegalArgumentException when {@code id} is not an incident id */
    public Location find(String id) {
        String correlationKey = IncidentIds.correlationKeyOf(id);
        byte[] keyBytes = correlationKey.getBytes(StandardCharsets.UTF_8);
        KeyQueryMetadata metadata = streams.queryMetadataForKey(IncidentTopology.INCIDENTS_BY_ID_STORE, id,
                (topic, key, value, partitions) -> Optional.of(Set.of(Utils.toPositive(Utils.murmur2(keyBytes)) % partitions)));
        HostInfo owner = metadata.activeHost();
        if (owner == null || owner.equals(self) || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            return new Location(true, Optional.ofNullable(store().get(id)), self);
        }
        return new Location(false, Optional.empty(), owner);
    }

    private ReadOnlyKeyValueStore<String, Incident> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(IncidentTopology.INCIDENTS_BY_ID_STORE,
                QueryableStoreTypes.keyValueStore()));
    }
}
