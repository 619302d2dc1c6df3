package dev.quell.standalone.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the repository's deployment files (compose/, the Dockerfile, docs/asyncapi.yaml) for the tests that hold them to the code. */
final class DeployFiles {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path COMPOSE = ROOT.resolve("compose");
    static final Path K8S_BASE = COMPOSE.resolve("k8s/base");

    /** The project's version without {@code -SNAPSHOT}: the tag of Quell's own images. */
    static final String RELEASE = projectVersion().replace("-SNAPSHOT", "");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A metric selected in PromQL: a name followed by its label matchers. */
    private static final Pattern SELECTED_METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

    private DeployFiles() {
    }

    private static String projectVersion() {
        try {
            Matcher version = Pattern.compile("<artifactId>quell-parent</artifactId>\\s*<version>([^<]+)</version>")
                    .matcher(Files.readString(ROOT.resolve("pom.xml")));
            if (!version.find()) {
                throw new IllegalStateException("no quell-parent version in pom.xml");
            }
            return version.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every document of a YAML file (one for most, several for {@code ---}-separated manifests),
     * read by SnakeYAML, which resolves anchors and merge keys ({@code <<: *defaults}) as Compose does.
     */
    static List<JsonNode> yamlDocuments(Path file) {
        try (var reader = Files.newBufferedReader(file)) {
            List<JsonNode> documents = new ArrayList<>();
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (document != null) {
                    documents.add(JSON.valueToTree(document));
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ROOT.relativize(file), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot parse " + ROOT.relativize(file) + ": " + e.getMessage(), e);
        }
    }

    static JsonNode yaml(Path file) {
        List<JsonNode> documents = yamlDocuments(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(ROOT.relativize(file) + " holds " + documents.size() + " documents, expected one");
        }
        return documents.get(0);
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + ROOT.relativize(file), e);
        }
    }

    static List<Path> files(Path dir, String... extensions) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> Stream.of(extensions).anyMatch(ext -> file.getFileName().toString().endsWith(ext)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metrics a PromQL expression selects (names followed by label matchers), {@code up} aside: Prometheus makes that one. */
    static List<String> metricsIn(String expression) {
        List<String> names = new ArrayList<>();
        Matcher matcher = SELECTED_METRIC.matcher(expression);
        while (matcher.find()) {
            if (!matcher.group(1).equals("up")) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /** Every alert rule's {@code expr} in a Prometheus rule file's groups. */
    static List<JsonNode> alertRules(JsonNode ruleFile) {
        List<JsonNode> rules = new ArrayList<>();
        ruleFile.path("groups").forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    /** Every panel target's {@code expr} in a Grafana dashboard. */
    static List<String> dashboardExpressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target ->
                expressions.add(target.path("expr").asText())));
        return expressions;
    }
}
