package dev.quell.streams.app;

import dev.quell.schemas.events.Incident;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * The {@code limit} most recently updated incidents that pass a filter, newest first, holding no
 * more than {@code limit} of them at once however many the store has.
 *
 * @param incidents the chosen ones, newest {@code updatedAt} first
 * @param truncated more passed the filter than {@code limit}
 */
record NewestFirst(List<Incident> incidents, boolean truncated) {

    private static final Comparator<Incident> OLDEST_FIRST = Comparator.comparing(Incident::updatedAt)
            .thenComparing(Incident::id);

    static NewestFirst of(Iterator<Incident> all, Predicate<Incident> wanted, int limit) {
        PriorityQueue<Incident> newest = new PriorityQueue<>(OLDEST_FIRST); // its head: the oldest kept
        boolean truncated = false;
        while (all.hasNext()) {
            Incident incident = all.next();
            if (!wanted.test(incident)) {
                continue;
            }
            newest.add(incident);
            if (newest.size() > limit) {
                newest.poll();
                truncated = true;
            }
        }
        List<Incident> chosen = new ArrayList<>(newest);
        chosen.sort(OLDEST_FIRST.reversed());
        return new NewestFirst(chosen, truncated);
    }
}
