package com.example.giftcards.routecheck;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A route file as a tree of YAML nodes that know their line.
 * <p>
 * Parsed with SnakeYAML Engine and default settings, as Camel's YAML DSL loader does: the same parser gives the same
 * syntax errors and the same YAML 1.2 scalar types ({@code yes} is text, {@code 3} a number, {@code "3"} text), so
 * the schema check sees the file as Camel will. (Spring Boot's SnakeYAML 2 reads YAML 1.1, where {@code on} and
 * {@code yes} are booleans.)
 */
final class RouteYaml {

    private final Node root;

    private RouteYaml(Node root) {
        this.root = root;
    }

    /** Parses one file; an empty file (or one with only comments) has no root. */
    static RouteYaml parse(String name, String text) throws SyntaxError {
        LoadSettings settings = LoadSettings.builder().setLabel(name).build();
        try {
            Optional<Node> root = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text))).getSingleNode();
            Node recursive = root.map(RouteYaml::recursiveNode).orElse(null);
            if (recursive != null) { // the walks over the tree would never end
                throw new SyntaxError(line(recursive), "an alias refers to the node that contains it");
            }
            return new RouteYaml(root.orElse(null));
        } catch (MarkedYamlEngineException e) {
            throw new SyntaxError(e);
        } catch (YamlEngineException e) {
            throw new SyntaxError(1, e.getMessage());
        }
    }

    /** A node that contains itself through an alias (the composer marks it), or null. */
    private static Node recursiveNode(Node node) {
        if (node.isRecursive()) {
            return node;
        }
        List<Node> children = new ArrayList<>();
        if (node instanceof MappingNode mapping) {
            mapping.getValue().forEach(entry -> children.add(entry.getValueNode()));
        } else if (node instanceof SequenceNode sequence) {
            children.addAll(sequence.getValue());
        }
        for (Node child : children) {
            Node recursive = recursiveNode(child);
            if (recursive != null) {
                return recursive;
            }
        }
        return null;
    }

    Node root() {
        return root;
    }

    /**
     * Keys written twice in one mapping, each with the lines of both: YAML parsers keep the last value without a
     * word, so a second {@code steps:} or {@code uri:} silently replaces the first.
     * Not SnakeYAML Engine's {@code setAllowDuplicateKeys(false)}: the Composer this tree comes from ignores it, and
     * {@code Load} throws at the first duplicate with its line only (tried on 3.0.1), not each one with the first's line.
     */
    List<DuplicateKey> duplicateKeys() {
        List<DuplicateKey> duplicates = new ArrayList<>();
        collectDuplicateKeys(root, duplicates, 0);
        return duplicates;
    }

    private static void collectDuplicateKeys(Node node, List<DuplicateKey> duplicates, int depth) {
        if (node == null || depth > 200) {
            return;
        }
        if (node instanceof MappingNode mapping) {
            Map<String, Integer> seen = new HashMap<>();
            for (NodeTuple entry : mapping.getValue()) {
                Integer first = seen.putIfAbsent(keyOf(entry), line(entry.getKeyNode()));
                if (first != null) {
                    duplicates.add(new DuplicateKey(keyOf(entry), line(entry.getKeyNode()), first));
                }
                collectDuplicateKeys(entry.getValueNode(), duplicates, depth + 1);
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> collectDuplicateKeys(item, duplicates, depth + 1));
        }
    }

    /** The same tree as JSON, for the schema validator; scalars keep the type YAML gave them. */
    JsonNode toJson() {
        return toJson(root, 0);
    }

    private static JsonNode toJson(Node node, int depth) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (node == null) {
            return json.nullNode();
        }
        if (depth > 200) { // an alias that refers to itself; Camel would not load it either
            return json.nullNode();
        }
        if (node instanceof MappingNode mapping) {
            ObjectNode object = json.objectNode();
            for (NodeTuple entry : mapping.getValue()) {
                object.set(keyOf(entry), toJson(entry.getValueNode(), depth + 1));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = json.arrayNode();
            sequence.getValue().forEach(item -> array.add(toJson(item, depth + 1)));
            return array;
        }
        ScalarNode scalar = (ScalarNode) node;
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return json.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return json.booleanNode(Boolean.parseBoolean(value));
        }
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            try {
                return json.numberNode(new BigDecimal(value));
            } catch (NumberFormatException e) {
                return json.textNode(value);
            }
        }
        return json.textNode(value);
    }

    static String keyOf(NodeTuple entry) {
        return entry.getKeyNode() instanceof ScalarNode key ? key.getValue() : String.valueOf(entry.getKeyNode());
    }

    /** The value under a key of a mapping node, or null. */
    static NodeTuple entry(Node mapping, String key) {
        if (mapping instanceof MappingNode map) {
            for (NodeTuple entry : map.getValue()) {
                if (key.equals(keyOf(entry))) {
                    return entry;
                }
            }
        }
        return null;
    }

    /** 1-based line where a node starts. */
    static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
    }

    /**
     * The line of the node at a JSON path (property names and list indexes, as the schema validator reports them): the
     * line of its key when it is a property, so that a mapping is reported where its name is written, not at its first
     * entry. The deepest node that exists when the path leads nowhere.
     */
    int lineOf(List<Object> path) {
        if (root == null) {
            return 1;
        }
        Node node = root;
        int line = line(root);
        for (Object segment : path) {
            NodeTuple entry = entry(node, String.valueOf(segment));
            if (segment instanceof Integer index && node instanceof SequenceNode sequence && index < sequence.getValue().size()) {
                node = sequence.getValue().get(index);
                line = line(node);
            } else if (entry != null) {
                node = entry.getValueNode();
                line = line(entry.getKeyNode());
            } else {
                break;
            }
        }
        return line;
    }

    record DuplicateKey(String key, int line, int firstLine) {
    }

    /** A file that is not YAML, with the line the parser stopped at. */
    static final class SyntaxError extends Exception {

        private final int line;

        SyntaxError(MarkedYamlEngineException e) {
            this(e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(1), describe(e));
            initCause(e);
        }

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }

        /** "while parsing a block mapping (line 3): expected <block end>, but found '-'" without the snippets. */
        private static String describe(MarkedYamlEngineException e) {
            String problem = e.getProblem() == null ? "" : e.getProblem();
            if (problem.contains("<block end>") || problem.contains("mapping values are not allowed")) {
                problem += " - check the indentation";
            }
            if (e.getContext() == null) {
                return problem;
            }
            String where = e.getContextMark().map(Mark::getLine).map(line -> " started at line " + (line + 1)).orElse("");
            return problem + " (" + e.getContext() + where + ")";
        }
    }
}
