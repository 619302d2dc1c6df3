package dev.quell.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generated part of docs/benchmarks.md: a preamble, then sections headed {@code ### }. A run
 * of some sections ({@code --only}) replaces those and keeps the others from earlier runs, each
 * section saying which run it comes from.
 */
final class Results {

    private static final String SECTION = "\n### ";

    private Results() {
    }

    /** {@code fresh}'s preamble, then every section of {@code earlier} — replaced by {@code fresh}'s where it has one — then {@code fresh}'s new ones. */
    static String merge(String earlier, String fresh) {
        Map<String, String> kept = sections(earlier);
        Map<String, String> now = sections(fresh);
        StringBuilder merged = new StringBuilder(preamble(fresh));
        kept.forEach((title, text) -> merged.append(now.getOrDefault(title, text)));
        now.forEach((title, text) -> {
            if (!kept.containsKey(title)) {
                merged.append(text);
            }
        });
        return merged.toString();
    }

    /** Ends every section of {@code results} with {@code stamp} (the run it comes from). */
    static String stamp(String results, String stamp) {
        StringBuilder stamped = new StringBuilder(preamble(results));
        sections(results).values().forEach(text -> stamped.append(text.stripTrailing()).append("\n\n").append(stamp).append('\n'));
        return stamped.toString();
    }

    private static String preamble(String results) {
        int first = results.indexOf(SECTION);
        return first < 0 ? results : results.substring(0, first);
    }

    /** Title line → the section's text, from its {@code \n### } to the next. */
    private static Map<String, String> sections(String results) {
        Map<String, String> sections = new LinkedHashMap<>();
        int at = results.indexOf(SECTION);
        while (at >= 0) {
            int next = results.indexOf(SECTION, at + 1);
            String text = next < 0 ? results.substring(at) : results.substring(at, next);
            int titleEnd = text.indexOf('\n', 1);
            sections.put(titleEnd < 0 ? text.strip() : text.substring(1, titleEnd), text);
            at = next;
        }
        return sections;
    }
}
