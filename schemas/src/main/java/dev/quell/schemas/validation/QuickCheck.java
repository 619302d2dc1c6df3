package dev.quell.schemas.validation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A hand-written check that stands in for a JSON Schema on the common document: it answers
 * {@code true} only when every constraint of the schema surely holds, and {@code false} whenever
 * in doubt — then the {@link SchemaValidator} decides and names what is wrong. Each one is held to
 * that by a differential test against its schema.
 */
@FunctionalInterface
public interface QuickCheck {

    /** For schemas without a quick check: the validator always decides. */
    QuickCheck NEVER_SURE = document -> false;

    boolean surelyValid(JsonNode document);
}
