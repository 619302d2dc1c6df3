package dev.quell.service.http;

import java.util.ArrayList;
import java.util.List;

/**
 * The first {@value #LISTED} items of what may be a very long list — the bad fields of a payload,
 * the refused lines of a batch — and how many more there were. An answer lists these, so that
 * neither its size nor the memory it takes grows with the input: an 800 KB NDJSON body of 400,000
 * bad lines was answered with 36 MB.
 */
public final class FirstItems<T> {

    /** The most items an answer lists. */
    public static final int LISTED = 100;

    private final List<T> listed = new ArrayList<>();
    private int omitted;

    /** No item: a refusal without bad fields, or without refused items. */
    public static <T> FirstItems<T> none() {
        return new FirstItems<>();
    }

    /** The first {@value #LISTED} of {@code all}, the others counted. */
    public static <T> FirstItems<T> of(List<T> all) {
        FirstItems<T> first = new FirstItems<>();
        first.listed.addAll(all.subList(0, Math.min(all.size(), LISTED)));
        first.omitted = all.size() - first.listed.size();
        return first;
    }

    /** Keeps the item while fewer than {@value #LISTED} are listed, else counts it. */
    public void add(T item) {
        if (listed.size() < LISTED) {
            listed.add(item);
        } else {
            omitted++;
        }
    }

    public List<T> listed() {
        return List.copyOf(listed);
    }

    /** How many items were not listed; 0 when all were. */
    public int omitted() {
        return omitted;
    }

    /** {@link #omitted()}, or {@code null} when it is 0: a JSON field present only when items were left out. */
    public Integer omittedOrNull() {
        return omitted == 0 ? null : omitted;
    }
}
