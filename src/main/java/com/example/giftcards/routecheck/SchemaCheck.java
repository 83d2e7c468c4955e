package com.example.giftcards.routecheck;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;

/**
 * Validates a route file against the Camel YAML DSL schema and words each violation for the person who edits the
 * file, at the line of the offending node.
 * <p>
 * The schema describes many options with oneOf/anyOf (a step written as text or as a mapping, one of several
 * expression languages, one of several error handlers). A validator reports a failed oneOf together with the
 * failures of every alternative ("object found, string expected", "required property 'csimple' not found", ...),
 * which buries the one that matters. {@link #narrow} keeps, for each failed oneOf/anyOf, only the failures of the
 * alternative that was evidently meant: the one that did not fail on its very shape (wrong type, missing
 * distinguishing key).
 */
final class SchemaCheck {

    private final CamelYamlSchema schema;

    SchemaCheck(CamelYamlSchema schema) {
        this.schema = schema;
    }

    List<Problem> check(String file, RouteYaml yaml) {
        Set<Problem> problems = new LinkedHashSet<>();
        for (Error error : narrow(schema.validate(yaml.toJson()))) {
            List<Object> path = segments(error.getInstanceLocation());
            String property = error.getProperty();
            int line = "additionalProperties".equals(error.getKeyword()) && property != null
                    ? yaml.lineOf(append(path, property))
                    : yaml.lineOf(path);
            problems.add(new Problem(file, line, describe(error, path)));
        }
        return new ArrayList<>(problems);
    }

    // ---- narrowing oneOf/anyOf failures down to the alternative that was meant

    private static List<Error> narrow(List<Error> errors) {
        List<Error> outermost = errors.stream().filter(SchemaCheck::isCombinator)
                .filter(candidate -> errors.stream().noneMatch(other -> other != candidate && isCombinator(other) && isUnder(candidate, other)))
                .toList();
        List<Error> narrowed = new ArrayList<>();
        for (Error error : errors) {
            if (!isCombinator(error) && outermost.stream().noneMatch(combinator -> isUnder(error, combinator))) {
                narrowed.add(error);
            }
        }
        for (Error combinator : outermost) {
            narrowed.addAll(narrowCombinator(combinator, errors));
        }
        return narrowed;
    }

    private static List<Error> narrowCombinator(Error combinator, List<Error> errors) {
        if (validAlternatives(combinator) > 1) {
            return List.of(combinator); // "matches more than one": the alternatives' own failures do not help
        }
        String prefix = combinator.getEvaluationPath() + "/";
        Map<String, List<Error>> byAlternative = new LinkedHashMap<>();
        for (Error error : errors) {
            String path = error.getEvaluationPath().toString();
            if (path.startsWith(prefix)) {
                String alternative = path.substring(prefix.length()).split("/", 2)[0];
                byAlternative.computeIfAbsent(alternative, key -> new ArrayList<>()).add(error);
            }
        }
        List<Error> best = null;
        int bestScore = Integer.MAX_VALUE;
        boolean tie = false;
        for (List<Error> alternative : byAlternative.values()) {
            List<Error> narrowed = narrow(alternative);
            int score = shapeMismatch(narrowed, combinator.getInstanceLocation());
            if (score < bestScore) {
                best = narrowed;
                bestScore = score;
                tie = false;
            } else if (score == bestScore) {
                tie = true;
            }
        }
        return best == null || tie ? List.of(combinator) : best;
    }

    /**
     * How clearly an alternative's failures say "not this alternative at all": failures at the node itself because of
     * its type, a forbidden or a missing key weigh most; failures further down (an option inside the node) weigh
     * nothing, since the alternative then matched the node's shape.
     */
    private static int shapeMismatch(List<Error> failures, NodePath node) {
        int score = 0;
        for (Error failure : failures) {
            if (!failure.getInstanceLocation().equals(node)) {
                continue;
            }
            score += switch (failure.getKeyword()) {
                case "type" -> 100;
                case "not" -> 50;
                case "required" -> 10;
                case "oneOf", "anyOf" -> validAlternatives(failure) > 1 ? 0 : 10;
                default -> 1;
            };
        }
        return score;
    }

    private static boolean isCombinator(Error error) {
        return "oneOf".equals(error.getKeyword()) || "anyOf".equals(error.getKeyword());
    }

    private static boolean isUnder(Error error, Error combinator) {
        return error.getEvaluationPath().toString().startsWith(combinator.getEvaluationPath() + "/");
    }

    /** For a failed oneOf, how many alternatives matched (the validator's first message argument). */
    private static int validAlternatives(Error error) {
        Object[] arguments = error.getArguments();
        if ("oneOf".equals(error.getKeyword()) && arguments != null && arguments.length > 0) {
            try {
                return Integer.parseInt(String.valueOf(arguments[0]));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    // ---- wording

    private String describe(Error error, List<Object> path) {
        String name = nameOf(path);
        String property = error.getProperty();
        String schemaLocation = String.valueOf(error.getSchemaLocation());
        return switch (error.getKeyword()) {
            case "additionalProperties" -> {
                if (schemaLocation.contains("ProcessorDefinition/")) {
                    yield "unknown step '" + property + "'";
                }
                yield path.isEmpty() || path.size() == 1 ? "unknown entry '" + property + "' (expected route, routeConfiguration, ...)"
                        : "unknown option '" + property + "' in " + name;
            }
            case "required" -> name + ": required option '" + property + "' is missing";
            case "type" -> {
                String mismatch = typeOf(error.getInstanceNode()) + " found, " + schema.expectedType(error.getSchemaLocation()) + " expected";
                yield path.isEmpty() ? "a route file is a list of entries, each starting with '- ' (" + mismatch + ")" : name + ": " + mismatch;
            }
            case "pattern" -> {
                if (CamelYamlSchema.PLACEHOLDER_ONLY.equals(error.getSchemaNode().asText())) {
                    yield quotedValue(name, error.getInstanceNode(), schema.expectedType(error.getSchemaLocation()));
                }
                yield name + ": " + error.getMessage();
            }
            case "maxProperties" -> {
                List<String> keys = new ArrayList<>();
                error.getInstanceNode().fieldNames().forEachRemaining(keys::add);
                yield "one list item holds " + String.join(" and ", keys) + ": check the indentation (one step or entry per '- ')";
            }
            case "oneOf", "anyOf" -> {
                if (validAlternatives(error) > 1) {
                    yield name + ": matches more than one of its allowed forms (two expression languages, for example); keep one";
                }
                Set<String> types = new LinkedHashSet<>();
                error.getSchemaNode().forEach(alternative -> types.add(schema.typeOf(alternative)));
                yield types.contains("") || types.contains(typeOf(error.getInstanceNode()))
                        ? name + ": matches none of its allowed forms"
                        : name + ": " + typeOf(error.getInstanceNode()) + " found, " + String.join(" or ", types) + " expected";
            }
            default -> name + ": " + error.getMessage();
        };
    }

    /** The JSON type of a value, in the words the schema uses. */
    private static String typeOf(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL, MISSING -> "null";
            default -> "string";
        };
    }

    /** {@code maximumRedeliveries: "3"}: the schema wants a number (or a whole {{placeholder}}), not text. */
    private static String quotedValue(String name, JsonNode value, String expected) {
        String text = value.asText();
        String message = name + ": string found, " + expected + " expected";
        boolean wouldFit = switch (expected) {
            case "boolean" -> text.equals("true") || text.equals("false");
            case "number" -> isNumber(text);
            default -> false;
        };
        return wouldFit ? message + " (write " + text + " without quotes)" : message;
    }

    private static boolean isNumber(String text) {
        try {
            new BigDecimal(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The name an option is written under: the last key of its path ("steps[2]" for a list item). */
    private static String nameOf(List<Object> path) {
        for (int i = path.size() - 1; i >= 0; i--) {
            if (path.get(i) instanceof String key) {
                return i == path.size() - 1 ? key : key + "[" + path.get(path.size() - 1) + "]";
            }
        }
        return "entry";
    }

    static List<Object> segments(NodePath path) {
        List<Object> segments = new ArrayList<>();
        for (int i = 0; i < path.getNameCount(); i++) {
            segments.add(path.getElement(i));
        }
        return segments;
    }

    private static List<Object> append(List<Object> path, Object segment) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(segment);
        return longer;
    }
}
