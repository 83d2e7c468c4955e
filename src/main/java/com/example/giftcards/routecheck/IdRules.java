package com.example.giftcards.routecheck;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The project's own rules, which Camel does not enforce: every route has an id and a description, every route
 * configuration an id, and every step an id (so that logs, metrics and error messages name it, rather than Camel's
 * generated to3 or log7).
 * <p>
 * What counts as a step is read from the schema rather than listed here, so that nested steps (inside
 * choice/when/otherwise, doTry/doCatch, filter, split, policy, ...) and EIPs added in later Camel versions are covered:
 * <ul>
 * <li>an entry of a {@code steps:} list (log, to, choice, ...: the names the schema allows there), when the schema
 * gives it an id;</li>
 * <li>any node whose definition has an id, a description and {@code steps:} of its own: from, when, otherwise,
 * doCatch, doFinally, onFallback, onException, intercept, onCompletion, ...</li>
 * </ul>
 * A definition used elsewhere for something else is not a step there: the headers of setHeaders are setHeader
 * definitions, and the {@code to} of a REST verb is a to definition. The walk follows the schema from the top of the
 * file, so each node is judged by the definition Camel gives it.
 */
final class IdRules {

    private static final String ROUTE = "org.apache.camel.model.RouteDefinition";
    private static final String ROUTE_CONFIGURATION = "org.apache.camel.model.RouteConfigurationDefinition";
    private static final String PROCESSOR = "org.apache.camel.model.ProcessorDefinition";
    private static final String REF_PREFIX = "#/items/definitions/";
    private static final int MAX_DEPTH = 12; // definitions that refer to each other through oneOf/anyOf

    private final JsonNode definitions;
    private final JsonNode entrySchema;
    /** Allowed as an entry of steps: and has an id. */
    private final Set<String> stepTypes = new HashSet<>();
    /** Has an id, a description and steps: of its own. */
    private final Set<String> stepContainers = new HashSet<>();

    IdRules(CamelYamlSchema schema) {
        this.definitions = schema.definitions();
        this.entrySchema = schema.entrySchema();
        definitions.path(PROCESSOR).path("properties").forEach(step -> {
            String name = definitionName(step);
            if (hasProperty(definitions.path(name), "id")) {
                stepTypes.add(name);
            }
        });
        definitions.fields().forEachRemaining(definition -> {
            JsonNode schemaOfDefinition = definition.getValue();
            if (hasProperty(schemaOfDefinition, "id") && hasProperty(schemaOfDefinition, "description")
                    && hasProperty(schemaOfDefinition, "steps")) {
                stepContainers.add(definition.getKey());
            }
        });
    }

    List<Problem> check(String file, RouteYaml yaml) {
        List<Problem> problems = new ArrayList<>();
        if (!(yaml.root() instanceof SequenceNode entries)) {
            return problems; // the schema check reports a file that is not a list
        }
        for (Node entry : entries.getValue()) {
            if (entry instanceof MappingNode mapping) {
                for (NodeTuple tuple : mapping.getValue()) {
                    String key = RouteYaml.keyOf(tuple);
                    JsonNode schema = propertySchema(entrySchema, key, 0);
                    if (schema != null) {
                        new Walk(file, problems).visit(tuple.getValueNode(), schema, key, RouteYaml.line(tuple.getKeyNode()), true, false);
                    }
                }
            }
        }
        return problems;
    }

    private final class Walk {

        private final String file;
        private final List<Problem> problems;

        Walk(String file, List<Problem> problems) {
            this.file = file;
            this.problems = problems;
        }

        /**
         * @param topLevel  an entry of the file itself (route:, routeConfiguration:, from:, ...)
         * @param inSteps   the value of an entry of a steps: list (- log: ..., - to: ...)
         */
        void visit(Node node, JsonNode schema, String name, int line, boolean topLevel, boolean inSteps) {
            String definition = null;
            for (int depth = 0; schema.has("$ref") && depth < MAX_DEPTH; depth++) {
                definition = definitionName(schema);
                schema = definitions.path(definition);
            }
            boolean isStep = stepContainers.contains(definition) || (inSteps && stepTypes.contains(definition));
            boolean entryOfSteps = PROCESSOR.equals(definition);
            if (node instanceof MappingNode mapping) {
                if (ROUTE.equals(definition) || (topLevel && isStep && name.equals("from"))) {
                    // a top-level "- from:" is a route of its own
                    requireRouteIdAndDescription(mapping, line);
                } else if (ROUTE_CONFIGURATION.equals(definition)) {
                    if (text(mapping, "id") == null) {
                        problems.add(new Problem(file, line, "routeConfiguration has no id"));
                    }
                } else if (isStep && text(mapping, "id") == null) {
                    problems.add(new Problem(file, line, "step '" + name + "' has no id"));
                }
                for (NodeTuple tuple : mapping.getValue()) {
                    String key = RouteYaml.keyOf(tuple);
                    JsonNode child = propertySchema(schema, key, 0);
                    if (child != null) {
                        visit(tuple.getValueNode(), child, key, RouteYaml.line(tuple.getKeyNode()), false, entryOfSteps);
                    }
                }
            } else if (node instanceof SequenceNode sequence) {
                JsonNode items = itemsSchema(schema, 0);
                if (items != null) {
                    for (Node item : sequence.getValue()) {
                        visit(item, items, name, RouteYaml.line(item), false, false);
                    }
                }
            } else if (isStep && node instanceof ScalarNode) {
                // the short form (- to: direct:x, - log: text) has no room for an id
                problems.add(new Problem(file, line, "step '" + name + "' has no id (write it as a mapping with id:)"));
            }
        }

        private void requireRouteIdAndDescription(MappingNode route, int line) {
            String id = text(route, "id");
            if (id == null) {
                problems.add(new Problem(file, line, "route has no id"));
            }
            if (text(route, "description") == null) {
                problems.add(new Problem(file, line, id == null ? "route has no description" : "route '" + id + "' has no description"));
            }
        }
    }

    /** A non-blank scalar under a key, or null. */
    private static String text(MappingNode mapping, String key) {
        NodeTuple entry = RouteYaml.entry(mapping, key);
        if (entry != null && entry.getValueNode() instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
            return scalar.getValue();
        }
        return null;
    }

    private static String definitionName(JsonNode reference) {
        String ref = reference.path("$ref").asText("");
        return ref.startsWith(REF_PREFIX) ? ref.substring(REF_PREFIX.length()) : ref;
    }

    private JsonNode resolve(JsonNode schema) {
        for (int depth = 0; schema.has("$ref") && depth < MAX_DEPTH; depth++) {
            schema = definitions.path(definitionName(schema));
        }
        return schema;
    }

    /** The schema of a key, looked up in the properties and in the oneOf/anyOf alternatives (the long forms). */
    private JsonNode propertySchema(JsonNode schema, String key, int depth) {
        schema = resolve(schema);
        JsonNode direct = schema.path("properties").get(key);
        if (direct != null && !direct.isEmpty()) {
            return direct;
        }
        if (depth < MAX_DEPTH) {
            for (String combinator : List.of("oneOf", "anyOf")) {
                for (JsonNode alternative : schema.path(combinator)) {
                    JsonNode found = propertySchema(alternative, key, depth + 1);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    private JsonNode itemsSchema(JsonNode schema, int depth) {
        schema = resolve(schema);
        if (schema.has("items")) {
            return schema.get("items");
        }
        if (depth < MAX_DEPTH) {
            for (String combinator : List.of("oneOf", "anyOf")) {
                for (JsonNode alternative : schema.path(combinator)) {
                    JsonNode found = itemsSchema(alternative, depth + 1);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    private boolean hasProperty(JsonNode schema, String key) {
        return propertySchema(schema, key, 0) != null;
    }
}
