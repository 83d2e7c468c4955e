package com.example.giftcards.routecheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The project's own label rules, which Camel does not enforce: every route and route configuration has an id (what
 * logs, metrics, the journal and the admin endpoints name it by), and a description never just repeats its id. Steps
 * need no id: the ones a test, the journal, a metric or an operator names carry one, and the others are found by
 * their file and line (camel.main.source-location-enabled).
 */
final class IdRules {

    private static final int MAX_DEPTH = 200; // an alias that refers to itself

    List<Problem> check(String file, RouteYaml yaml) {
        List<Problem> problems = new ArrayList<>();
        if (yaml.root() instanceof SequenceNode entries) {
            for (Node entry : entries.getValue()) {
                if (entry instanceof MappingNode mapping) {
                    for (NodeTuple tuple : mapping.getValue()) {
                        String key = RouteYaml.keyOf(tuple);
                        boolean route = key.equals("route") || key.equals("from"); // a top-level from: is a route
                        if ((route || key.equals("routeConfiguration")) && tuple.getValueNode() instanceof MappingNode labelled
                                && text(labelled, "id") == null) {
                            problems.add(new Problem(file, RouteYaml.line(tuple.getKeyNode()), (route ? "route" : key) + " has no id"));
                        }
                    }
                }
            }
        }
        descriptionsRepeatingIds(yaml.root(), file, problems, 0);
        return problems;
    }

    /** A description that says no more than the id next to it: drop it, or say what the id does not. */
    private static void descriptionsRepeatingIds(Node node, String file, List<Problem> problems, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (node instanceof MappingNode mapping) {
            String id = text(mapping, "id");
            String description = text(mapping, "description");
            if (id != null && description != null && words(id).equals(words(description))) {
                problems.add(new Problem(file, RouteYaml.line(RouteYaml.entry(mapping, "description").getKeyNode()),
                        "description \"" + description + "\" repeats the id '" + id + "': drop it, or say what the id does not"));
            }
            mapping.getValue().forEach(tuple -> descriptionsRepeatingIds(tuple.getValueNode(), file, problems, depth + 1));
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> descriptionsRepeatingIds(item, file, problems, depth + 1));
        }
    }

    private static String words(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    /** A non-blank scalar under a key, or null. */
    private static String text(MappingNode mapping, String key) {
        NodeTuple entry = RouteYaml.entry(mapping, key);
        if (entry != null && entry.getValueNode() instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
            return scalar.getValue();
        }
        return null;
    }
}
