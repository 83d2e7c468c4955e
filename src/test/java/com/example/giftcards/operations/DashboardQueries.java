package com.example.giftcards.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The PromQL queries of a Grafana dashboard file, and the metric and label names each one uses. */
final class DashboardQueries {

    static final Path DASHBOARD = Path.of("ops", "grafana", "dashboards", "gift-integration.json");

    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan");

    record Query(String panel, String refId, String expr, String datasourceUid) {
    }

    private DashboardQueries() {
    }

    static JsonNode dashboard(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every target's query, in the panels and in the panels of (collapsed) rows. */
    static List<Query> queries(JsonNode dashboard) {
        List<Query> queries = new ArrayList<>();
        collect(dashboard.path("panels"), queries);
        return queries;
    }

    private static void collect(JsonNode panels, List<Query> queries) {
        for (JsonNode panel : panels) {
            collect(panel.path("panels"), queries);
            for (JsonNode target : panel.path("targets")) {
                String uid = target.path("datasource").path("uid").asText(panel.path("datasource").path("uid").asText());
                queries.add(new Query(panel.path("title").asText(), target.path("refId").asText(), target.path("expr").asText(), uid));
            }
        }
    }

    /** The metric names a PromQL expression selects: identifiers that are not functions, keywords or label names. */
    static Set<String> metricNames(String expr) {
        String rest = withoutLabels(expr);
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            boolean call = identifier.group(2) != null;
            String name = identifier.group(1);
            if (!call && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    /** The label names an expression matches on or groups by. */
    static Set<String> labelNames(String expr) {
        String rest = STRING.matcher(expr).replaceAll("\"\"");
        Set<String> labels = new TreeSet<>();
        Matcher matchers = MATCHERS.matcher(rest);
        while (matchers.find()) {
            Matcher label = MATCHER_LABEL.matcher(matchers.group(1));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        Matcher lists = LABEL_LIST.matcher(rest);
        while (lists.find()) {
            for (String label : lists.group(2).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.trim());
                }
            }
        }
        return labels;
    }

    /** A histogram's series name to the histogram's name; any other name as it is. */
    static String base(String name) {
        return name.replaceFirst("_(bucket|count|sum)$", "");
    }

    private static String withoutLabels(String expr) {
        String rest = STRING.matcher(expr).replaceAll("\"\"");
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        rest = LABEL_LIST.matcher(rest).replaceAll(" ");
        return RANGE.matcher(rest).replaceAll(" ");
    }
}
