package dev.quell.remediator.targets;

import dev.quell.service.config.ConfigException;
import dev.quell.service.config.Credential;
import io.micronaut.core.value.PropertyResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The targets Quell may act on, all from configuration ({@code quell.targets.postgres.<name>.*},
 * {@code quell.targets.redis.<name>.*}, {@code quell.targets.kubernetes.<name>.*},
 * {@code quell.targets.docker.<name>.*}); nothing else can ever be touched.
 */
public final class Targets implements AutoCloseable {

    private final Map<String, Target> byId;

    public Targets(Map<String, Target> byId) {
        this.byId = Map.copyOf(byId);
    }

    public Optional<Target> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The configured target a subject ({@code <kind>/<name>[/<object>…]}) belongs to. */
    public Optional<Target> owning(String subject) {
        String[] parts = subject.split("/", 3);
        return parts.length < 2 ? Optional.empty() : find(parts[0] + "/" + parts[1]);
    }

    public Set<String> ids() {
        return new TreeSet<>(byId.keySet());
    }

    public static Targets from(PropertyResolver config) {
        Map<String, Target> targets = new LinkedHashMap<>();
        for (String name : names(config, "quell.targets.postgres")) {
            String prefix = "quell.targets.postgres." + name + ".";
            String url = required(config, prefix + "url");
            if (!url.startsWith("jdbc:postgresql://")) {
                throw new ConfigException(prefix + "url", "must be a jdbc:postgresql:// URL");
            }
            targets.put("postgres/" + name, new PostgresTarget(name, url, required(config, prefix + "username"),
                    Credential.of(config.get(prefix + "password", String.class).orElse("")),
                    list(config, prefix + "protected-users")));
        }
        for (String name : names(config, "quell.targets.redis")) {
            String prefix = "quell.targets.redis." + name + ".";
            List<String> patterns = list(config, prefix + "allowed-patterns");
            if (patterns.isEmpty()) {
                throw new ConfigException(prefix + "allowed-patterns", "name the key patterns actions may delete (e.g. session:*)");
            }
            targets.put("redis/" + name, new RedisTarget(name, config.get(prefix + "host", String.class).orElse("127.0.0.1"),
                    config.get(prefix + "port", Integer.class).orElse(6379),
                    config.get(prefix + "database", Integer.class).orElse(0),
                    config.get(prefix + "password", String.class).map(Credential::of), patterns));
        }
        for (String name : names(config, "quell.targets.kubernetes")) {
            String prefix = "quell.targets.kubernetes." + name + ".";
            List<String> namespaces = list(config, prefix + "namespaces");
            if (namespaces.isEmpty()) {
                throw new ConfigException(prefix + "namespaces", "name the namespaces actions may touch (e.g. shop-prod)");
            }
            Optional<Path> kubeconfig = config.get(prefix + "kubeconfig", String.class).map(Targets::path);
            if (kubeconfig.isPresent() && !Files.isReadable(kubeconfig.get())) {
                throw new ConfigException(prefix + "kubeconfig", "cannot read " + kubeconfig.get());
            }
            targets.put("kubernetes/" + name, new KubernetesTarget(name, namespaces,
                    Clients.kubernetes(kubeconfig, config.get(prefix + "context", String.class))));
        }
        for (String name : names(config, "quell.targets.docker")) {
            String prefix = "quell.targets.docker." + name + ".";
            String host = config.get(prefix + "host", String.class).orElse("unix:///var/run/docker.sock");
            if (!host.startsWith("unix://") && !host.startsWith("tcp://")) {
                throw new ConfigException(prefix + "host", "must be unix:///path/to/docker.sock or tcp://host:port");
            }
            Optional<Path> certs = config.get(prefix + "tls-cert-path", String.class).map(Targets::path);
            if (certs.isPresent() && !Files.isDirectory(certs.get())) {
                throw new ConfigException(prefix + "tls-cert-path", "is not a directory holding ca.pem, cert.pem and key.pem");
            }
            targets.put("docker/" + name, new DockerTarget(name, host,
                    labelAllowlist(prefix + "allowed-labels", list(config, prefix + "allowed-labels")),
                    Clients.docker(host, certs)));
        }
        return new Targets(targets);
    }

    /** A path, with a leading {@code ~/} meaning the user's home. */
    private static Path path(String text) {
        return text.startsWith("~/") ? Path.of(System.getProperty("user.home"), text.substring(2)) : Path.of(text);
    }

    /** {@code key=value} items into key → allowed values; at least one is required. */
    static Map<String, Set<String>> labelAllowlist(String key, List<String> items) {
        if (items.isEmpty()) {
            throw new ConfigException(key, "name the container labels actions may touch (e.g. com.docker.compose.project=dpa)");
        }
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (String item : items) {
            int equals = item.indexOf('=');
            if (equals <= 0 || equals == item.length() - 1) {
                throw new ConfigException(key, "'" + item + "' is not label=value");
            }
            allowed.computeIfAbsent(item.substring(0, equals).trim(), k -> new TreeSet<>()).add(item.substring(equals + 1).trim());
        }
        return allowed;
    }

    private static Set<String> names(PropertyResolver config, String prefix) {
        Set<String> names = new TreeSet<>();
        config.getProperties(prefix).keySet().forEach(key -> names.add(key.split("\\.", 2)[0]));
        for (String name : names) {
            if (!name.matches("[a-zA-Z0-9_-]+")) {
                throw new ConfigException(prefix + "." + name, "a target name may hold only letters, digits, '_' and '-'");
            }
        }
        return names;
    }

    private static String required(PropertyResolver config, String key) {
        return config.get(key, String.class).filter(value -> !value.isBlank())
                .orElseThrow(() -> new ConfigException(key, "is required"));
    }

    private static List<String> list(PropertyResolver config, String key) {
        return config.get(key, String[].class).map(values -> Arrays.stream(values)
                .flatMap(value -> Arrays.stream(value.split(","))).map(String::trim).filter(v -> !v.isEmpty()).toList())
                .orElse(List.of());
    }

    /** Releases the API clients of Kubernetes and Docker targets. */
    @Override
    public void close() {
        for (Target target : byId.values()) {
            try {
                if (target instanceof KubernetesTarget kubernetes) {
                    kubernetes.client().close();
                } else if (target instanceof DockerTarget docker) {
                    docker.client().close();
                }
            } catch (Exception e) {
                // closing on the way out: nothing left to do about it
            }
        }
    }

    @Override
    public String toString() {
        return "Targets" + byId.values();
    }
}
