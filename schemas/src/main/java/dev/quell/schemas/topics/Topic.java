package dev.quell.schemas.topics;

import dev.quell.schemas.validation.QuickCheck;
import dev.quell.schemas.validation.SchemaValidator;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic with everything that belongs to it: its name, the serdes of its key and value,
 * how it is created, and the JSON Schema its values follow.
 *
 * @param schemaFile the value's JSON Schema under {@code schemas/} on the classpath
 * @param quickCheck passes the common value without the schema validator ({@link QuickCheck#NEVER_SURE} for none)
 */
public record Topic<K, V>(
        String name,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        Class<V> valueType,
        TopicSettings settings,
        String schemaFile,
        QuickCheck quickCheck) {

    /** A validator for this topic's values. */
    public SchemaValidator validator() {
        return SchemaValidator.forSchema(schemaFile, quickCheck);
    }

    @Override
    public String toString() {
        return name;
    }
}
