package dev.quell.streams.app;

import dev.quell.schemas.events.Incident;
import dev.quell.schemas.events.IncidentStatus;
import dev.quell.schemas.events.Severity;
import dev.quell.schemas.incidents.IncidentIds;
import dev.quell.streams.topology.IncidentTopology;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    /** The incidents this instance holds, newest first. */
    public List<Incident> local(Set<IncidentStatus> statuses, Set<Severity> severities) {
        List<Incident> found = new ArrayList<>();
        try (KeyValueIterator<String, Incident> all = store().all()) {
            all.forEachRemaining(entry -> {
                Incident incident = entry.value;
                if (statuses.contains(incident.status()) && severities.contains(incident.severity())) {
                    found.add(incident);
                }
            });
        }
        found.sort(Comparator.comparing(Incident::updatedAt).reversed());
        return found;
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
