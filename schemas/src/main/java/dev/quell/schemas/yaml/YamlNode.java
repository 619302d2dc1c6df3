package dev.quell.schemas.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A node of a YAML configuration file that remembers where it stands, so every problem found
 * while reading a rules or playbook file is reported as {@code file:line: problem}.
 */
public final class YamlNode {

    private final String file;
    private final Node node;

    private YamlNode(String file, Node node) {
        this.file = file;
        this.node = node;
    }

    public static YamlNode load(Path path) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(path.toString(), reader);
        } catch (IOException e) {
            throw new ConfigFileException(path.toString(), 0, "cannot read: " + e.getMessage());
        }
    }

    /** A file on the classpath, named for errors as {@code classpath:<resource>}. */
    public static YamlNode loadResource(String resource) {
        try (InputStream in = YamlNode.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigFileException("classpath:" + resource, 0, "no such resource");
            }
            return parse("classpath:" + resource, new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigFileException("classpath:" + resource, 0, "cannot read: " + e.getMessage());
        }
    }

    /** YAML given as text, named {@code file} in errors (a file's content already read, a fuzzer's input). */
    public static YamlNode parse(String file, String text) {
        return parse(file, new java.io.StringReader(text));
    }

    private static YamlNode parse(String file, Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        Node root;
        try {
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new ConfigFileException(file, line, "not valid YAML: " + e.getProblem());
        } catch (YAMLException | IllegalArgumentException e) {
            // SnakeYAML refuses some malformed input with IllegalArgumentException (a tag with spaces, found by fuzzing)
            throw new ConfigFileException(file, 0, "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigFileException(file, 1, "the file is empty");
        }
        return new YamlNode(file, root);
    }

    public int line() {
        return node.getStartMark().getLine() + 1;
    }

    public String file() {
        return file;
    }

    public ConfigFileException problem(String problem) {
        return new ConfigFileException(file, line(), problem);
    }

    public Map<String, YamlNode> asMap() {
        if (!(node instanceof MappingNode mapping)) {
            throw problem("expected a mapping (key: value)");
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            YamlNode key = new YamlNode(file, tuple.getKeyNode());
            entries.put(key.asString(), new YamlNode(file, tuple.getValueNode()));
        }
        return entries;
    }

    public List<YamlNode> asList() {
        if (!(node instanceof SequenceNode sequence)) {
            throw problem("expected a list");
        }
        List<YamlNode> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            items.add(new YamlNode(file, item));
        }
        return items;
    }

    /** This node, or each item when it is a list: for keys that take one value or several. */
    public List<YamlNode> asOneOrMany() {
        return node instanceof SequenceNode ? asList() : List.of(this);
    }

    public String asString() {
        if (!(node instanceof ScalarNode scalar)) {
            throw problem("expected a single value");
        }
        return scalar.getValue();
    }

    public int asInt() {
        try {
            return Integer.parseInt(asString().trim());
        } catch (NumberFormatException e) {
            throw problem("'" + asString() + "' is not a whole number");
        }
    }

    public boolean asBoolean() {
        String value = asString().trim();
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw problem("'" + value + "' is not true or false");
    }

    /** The value of {@code key} in this mapping. */
    public Optional<YamlNode> get(String key) {
        return Optional.ofNullable(asMap().get(key));
    }

    public YamlNode required(String key) {
        return get(key).orElseThrow(() -> problem("'" + key + "' is required"));
    }

    /** Refuses keys this mapping does not know, so a typo is an error rather than silently ignored. */
    public void allowOnly(String... keys) {
        List<String> allowed = List.of(keys);
        for (Map.Entry<String, YamlNode> entry : asMap().entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                throw entry.getValue().problem("unknown key '" + entry.getKey() + "' (known: "
                        + String.join(", ", allowed) + ")");
            }
        }
    }
}
