package dev.quell.schemas.matchers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads label matchers in Alertmanager's syntax, as in {@code inhibit_rules} and {@code amtool}:
 * {@code {alertname="ServiceDown", severity=~"critical|error"}} or the same without braces;
 * values double-quoted (with {@code \"}, {@code \\} and {@code \n} escapes) or bare.
 */
public final class Matchers {

    private Matchers() {
    }

    /** True when every matcher matches (an empty list matches everything). */
    public static boolean allMatch(Collection<Matcher> matchers, Map<String, String> labels) {
        for (Matcher matcher : matchers) {
            if (!matcher.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Parses every string (each one matcher or a comma-separated group) into one list. */
    public static List<Matcher> parseAll(Collection<String> texts) {
        List<Matcher> matchers = new ArrayList<>();
        for (String text : texts) {
            matchers.addAll(parse(text));
        }
        return matchers;
    }

    /** @throws IllegalArgumentException naming the position and problem */
    public static List<Matcher> parse(String text) {
        return new Reader(text).matchers();
    }

    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text == null ? "" : text;
        }

        List<Matcher> matchers() {
            skipSpaces();
            boolean braces = peek('{');
            if (braces) {
                at++;
            }
            List<Matcher> matchers = new ArrayList<>();
            skipSpaces();
            while (at < text.length() && !peek('}')) {
                matchers.add(matcher());
                skipSpaces();
                if (peek(',')) {
                    at++;
                    skipSpaces();
                } else if (at < text.length() && !peek('}')) {
                    throw error("expected ',' between matchers");
                }
            }
            if (braces) {
                if (!peek('}')) {
                    throw error("missing closing '}'");
                }
                at++;
                skipSpaces();
            } else if (peek('}')) {
                throw error("unexpected '}'");
            }
            if (at < text.length()) {
                throw error("unexpected text after the matchers");
            }
            if (matchers.isEmpty()) {
                throw error("no matcher");
            }
            return matchers;
        }

        private Matcher matcher() {
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_'
                    || text.charAt(at) == '.' || text.charAt(at) == ':')) {
                at++;
            }
            String name = text.substring(start, at);
            if (name.isEmpty()) {
                throw error("expected a label name");
            }
            skipSpaces();
            Matcher.Type type = operator();
            skipSpaces();
            String value = peek('"') ? quoted() : bare();
            try {
                return new Matcher(name, type, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("in '" + text + "': " + e.getMessage());
            }
        }

        private Matcher.Type operator() {
            if (text.startsWith("=~", at)) {
                at += 2;
                return Matcher.Type.REGEX;
            }
            if (text.startsWith("!~", at)) {
                at += 2;
                return Matcher.Type.NOT_REGEX;
            }
            if (text.startsWith("!=", at)) {
                at += 2;
                return Matcher.Type.NOT_EQUAL;
            }
            if (text.startsWith("=", at)) {
                at += 1;
                return Matcher.Type.EQUAL;
            }
            throw error("expected one of =, !=, =~, !~");
        }

        private String quoted() {
            at++;
            StringBuilder value = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (at >= text.length()) {
                        break;
                    }
                    char escaped = text.charAt(at++);
                    switch (escaped) {
                        case '"', '\\' -> value.append(escaped);
                        case 'n' -> value.append('\n');
                        default -> throw error("unknown escape \\" + escaped + " in a quoted value");
                    }
                } else {
                    value.append(c);
                }
            }
            throw error("unterminated quoted value");
        }

        private String bare() {
            int start = at;
            while (at < text.length() && text.charAt(at) != ',' && text.charAt(at) != '}') {
                if (text.charAt(at) == '"') {
                    throw error("a bare value cannot hold '\"'; quote the whole value");
                }
                at++;
            }
            return text.substring(start, at).trim();
        }

        private boolean peek(char c) {
            return at < text.length() && text.charAt(at) == c;
        }

        private void skipSpaces() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private IllegalArgumentException error(String problem) {
            return new IllegalArgumentException("bad matcher '" + text + "' at column " + (at + 1) + ": " + problem);
        }
    }
}
