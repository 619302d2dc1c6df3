package dev.quell.remediator.engine;

import dev.quell.schemas.events.LedgerEntry;
import java.util.Collection;
import java.util.Optional;

/** The remediator's durable memory, one entry per target: {@link #put} returns only once the entry is durable; safe to use from several threads. */
public interface Ledger {

    Optional<LedgerEntry> get(String target);

    Collection<LedgerEntry> all();

    void put(LedgerEntry entry);
}
