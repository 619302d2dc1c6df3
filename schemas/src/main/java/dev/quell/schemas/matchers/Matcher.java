package dev.quell.schemas.matchers;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One Alertmanager label matcher: {@code name op value} with {@code =}, {@code !=}, {@code =~}
 * or {@code !~}. A label that is absent has the value {@code ""}; regular expressions are fully
 * anchored, as Alertmanager anchors them. Read them with {@link Matchers#parse(String)}.
 */
public final class Matcher {

    public enum Type {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String symbol;

        Type(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private final String name;
    private final Type type;
    private final String value;
    private final Pattern pattern;

    public Matcher(String name, Type type, String value) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.value = Objects.requireNonNull(value, "value");
        if (type == Type.REGEX || type == Type.NOT_REGEX) {
            try {
                this.pattern = Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("bad regular expression in " + name + type.symbol + "\""
                        + value + "\": " + e.getDescription());
            }
        } else {
            this.pattern = null;
        }
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public String value() {
        return value;
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (type) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> pattern.matcher(actual).matches();
            case NOT_REGEX -> !pattern.matcher(actual).matches();
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Matcher that && name.equals(that.name) && type == that.type && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, value);
    }

    /** In Alertmanager's syntax: {@code name="value"} with {@code "} and {@code \} escaped. */
    @Override
    public String toString() {
        return name + type.symbol + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
