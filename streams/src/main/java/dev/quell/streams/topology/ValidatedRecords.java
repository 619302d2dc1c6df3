package dev.quell.streams.topology;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.json.PayloadException;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.validation.SchemaValidator;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Reads a topic's records as bytes and keeps those that are valid against the topic's JSON
 * Schema; the others go to the dead-letter topic with the reason, each letter sized to fit the
 * topic, so a bad record never stops the topology.
 */
final class ValidatedRecords {

    /** Either a value or the dead letter that replaces it. */
    record Parsed<V>(V value, DeadLetter deadLetter) {
    }

    private ValidatedRecords() {
    }

    static <V> KStream<String, V> stream(StreamsBuilder builder, Topic<String, V> topic, Topic<String, DeadLetter> deadLetters,
                                         RecordSizedDeadLetters sizedLetters, String name, TopologyEvents events) {
        SchemaValidator validator = topic.validator();
        String source = "streams." + name;
        Map<String, KStream<String, Parsed<V>>> branches = builder
                .stream(topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-source"))
                .mapValues((key, bytes) -> parse(topic, validator, source, bytes), Named.as(name + "-parse"))
                .split(Named.as(name + "-"))
                .branch((key, parsed) -> parsed.value() != null, Branched.as("valid"))
                .defaultBranch(Branched.as("invalid"));
        branches.get(name + "-invalid")
                .map((key, parsed) -> org.apache.kafka.streams.KeyValue.pair(source, sizedLetters.fitted(parsed.deadLetter())),
                        Named.as(name + "-dead-letter"))
                .peek((key, letter) -> events.deadLetter(source), Named.as(name + "-dead-letter-observed"))
                .to(deadLetters.name(), Produced.with(deadLetters.keySerde(), deadLetters.valueSerde())
                        .withName(name + "-dead-letter-sink"));
        return branches.get(name + "-valid").mapValues(Parsed::value, Named.as(name + "-valid-values"));
    }

    private static <V> Parsed<V> parse(Topic<String, V> topic, SchemaValidator validator, String source, byte[] bytes) {
        if (bytes == null) {
            return new Parsed<>(null, DeadLetter.of(source, "a record without a value", new byte[0], Instant.now()));
        }
        try {
            JsonNode tree = Json.mapper().readTree(bytes);
            validator.validate(tree);
            return new Parsed<>(Json.mapper().treeToValue(tree, topic.valueType()), null);
        } catch (PayloadException e) {
            return new Parsed<>(null, DeadLetter.of(source, "not a valid " + topic.valueType().getSimpleName() + ": "
                    + e.getMessage(), bytes, Instant.now()));
        } catch (IOException | RuntimeException e) {
            return new Parsed<>(null, DeadLetter.of(source, "not readable as " + topic.valueType().getSimpleName()
                    + ": " + e.getMessage(), bytes, Instant.now()));
        }
    }
}
