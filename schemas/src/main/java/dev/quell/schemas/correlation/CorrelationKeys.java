package dev.quell.schemas.correlation;

import dev.quell.schemas.validation.JsonChecks;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Derives the correlation key {@code namespace/service} that puts everything about one incident
 * on one partition. Each half is the first present, non-empty value of an ordered list of alert
 * labels (or of ECS fields, for logs); a half that none of them gives is {@value #UNKNOWN}. The
 * first slash separates the halves: a namespace's own slashes become {@code _}.
 */
public final class CorrelationKeys {

    public static final String UNKNOWN = "-";

    public static final List<String> DEFAULT_NAMESPACE_LABELS = List.of("namespace", "kubernetes_namespace");
    public static final List<String> DEFAULT_SERVICE_LABELS =
            List.of("service", "job", "app", "deployment", "container", "instance");
    public static final List<String> DEFAULT_NAMESPACE_LOG_FIELDS = List.of("kubernetes.namespace");
    public static final List<String> DEFAULT_SERVICE_LOG_FIELDS =
            List.of("service.name", "kubernetes.labels.app", "host.name");

    private final List<String> namespaceLabels;
    private final List<String> serviceLabels;
    private final List<String> namespaceLogFields;
    private final List<String> serviceLogFields;

    public CorrelationKeys(List<String> namespaceLabels, List<String> serviceLabels,
                           List<String> namespaceLogFields, List<String> serviceLogFields) {
        this.namespaceLabels = requireNonEmpty(namespaceLabels, "namespace labels");
        this.serviceLabels = requireNonEmpty(serviceLabels, "service labels");
        this.namespaceLogFields = requireNonEmpty(namespaceLogFields, "namespace log fields");
        this.serviceLogFields = requireNonEmpty(serviceLogFields, "service log fields");
    }

    public static CorrelationKeys defaults() {
        return new CorrelationKeys(DEFAULT_NAMESPACE_LABELS, DEFAULT_SERVICE_LABELS,
                DEFAULT_NAMESPACE_LOG_FIELDS, DEFAULT_SERVICE_LOG_FIELDS);
    }

    /** The key of an alert, from its labels. */
    public String forAlertLabels(Map<String, String> labels) {
        return key(labels::get, namespaceLabels, serviceLabels);
    }

    /** The key of a log document, from its ECS fields (looked up by dotted path). */
    public String forLogFields(Function<String, String> ecsField) {
        return key(ecsField, namespaceLogFields, serviceLogFields);
    }

    @Override
    public String toString() {
        return "CorrelationKeys[namespace=" + namespaceLabels + ", service=" + serviceLabels
                + ", logNamespace=" + namespaceLogFields + ", logService=" + serviceLogFields + "]";
    }

    private static String key(Function<String, String> lookup, List<String> namespaceNames, List<String> serviceNames) {
        return firstPresent(lookup, namespaceNames).replace('/', '_') + "/" + firstPresent(lookup, serviceNames);
    }

    /**
     * The first value that is not blank, without its surrounding whitespace, with any character a key
     * cannot hold ({@link JsonChecks#isControlOrLineSeparator})
     * as {@code _}; {@value #UNKNOWN} when none is. A value a key could not hold made an event that
     * ingest answered 200 for and the streams service then dead-lettered.
     */
    private static String firstPresent(Function<String, String> lookup, List<String> names) {
        for (String name : names) {
            String value = lookup.apply(name);
            if (value != null && !value.isBlank()) {
                return printable(value.strip());
            }
        }
        return UNKNOWN;
    }

    private static String printable(String value) {
        StringBuilder kept = null;
        for (int i = 0; i < value.length(); i++) {
            if (JsonChecks.isControlOrLineSeparator(value.charAt(i))) {
                if (kept == null) {
                    kept = new StringBuilder(value);
                }
                kept.setCharAt(i, '_');
            }
        }
        return kept == null ? value : kept.toString();
    }

    private static List<String> requireNonEmpty(List<String> names, String what) {
        Objects.requireNonNull(names, what);
        if (names.isEmpty()) {
            throw new IllegalArgumentException(what + " must name at least one field");
        }
        return List.copyOf(names);
    }
}
