package dev.quell.remediator.engine;

import dev.quell.schemas.events.LedgerEntry;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A ledger that lives and dies with its engine: for a replay's what-if decisions, never for real actions. */
public final class MemoryLedger implements Ledger {

    private final Map<String, LedgerEntry> entries = new LinkedHashMap<>();

    @Override
    public synchronized Optional<LedgerEntry> get(String target) {
        return Optional.ofNullable(entries.get(target));
    }

    @Override
    public synchronized Collection<LedgerEntry> all() {
        return List.copyOf(entries.values());
    }

    @Override
    public synchronized void put(LedgerEntry entry) {
        entries.put(entry.target(), entry);
    }
}
