package dev.quell.streams.topology;

import dev.quell.streams.engine.IncidentInput;

/**
 * One input the incident processor applied to a key's state that is not saved yet: with the
 * record's timestamp and the stream time it saw, applying it again to the saved state gives the
 * same state (the engine is deterministic).
 */
record JournalEntry(String key, IncidentInput input, long timestamp, long streamTime) {
}
