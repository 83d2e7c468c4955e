package com.example.giftcards.rehearsal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * The SQL files the routes send to ({@code to: sql:…}), read as Camel reads them (a folder on disk or the copy in the
 * jar). A statement is matched to its file by its text: camel-sql sends the file's text with its comments dropped
 * and each named parameter ({@code :#name}, {@code :#${…}}) as {@code ?}.
 */
final class SqlFiles {

    private static final Pattern PARAMETER = Pattern.compile(":#(\\$\\{[^}]*}|[A-Za-z_][\\w.]*)");

    /** File name (relative to the routes folder) to its text. */
    private final Map<String, String> texts = new LinkedHashMap<>();
    private final Map<String, String> byStatement = new LinkedHashMap<>();

    SqlFiles(CamelContext camel) {
        String location = camel.getPropertiesComponent().resolveProperty("routes.location").orElse("");
        for (RouteDefinition route : camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            for (ToDefinition to : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ToDefinition.class)) {
                String uri = camel.resolvePropertyPlaceholders(to.getEndpointUri());
                if (!uri.startsWith("sql:")) {
                    continue;
                }
                String resource = uri.substring("sql:".length()).replaceFirst("\\?.*$", "");
                String name = !location.isEmpty() && resource.startsWith(location + "/") ? resource.substring(location.length() + 1) : resource;
                read(camel, resource).ifPresent(text -> {
                    texts.putIfAbsent(name, text);
                    byStatement.putIfAbsent(normal(text), name);
                });
            }
        }
    }

    private static java.util.Optional<String> read(CamelContext camel, String resource) {
        Resource found = PluginHelper.getResourceLoader(camel).resolveResource(resource);
        if (found == null || !found.exists()) {
            return java.util.Optional.empty(); // an SQL query written in the route, not a file
        }
        try (InputStream in = found.getInputStream()) {
            return java.util.Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** The file (relative to the routes folder) a statement came from, or null. */
    String fileOf(String sql) {
        return sql == null ? null : byStatement.get(normal(sql));
    }

    /** The file's lines (empty if unknown). */
    List<String> lines(String file) {
        return file == null || !texts.containsKey(file) ? List.of() : texts.get(file).lines().toList();
    }

    /** The names of the file's parameters, in the order they are bound ({@code transactionId}, {@code ${…}}). */
    List<String> parameterNames(String file) {
        if (file == null || !texts.containsKey(file)) {
            return List.of();
        }
        Matcher parameter = PARAMETER.matcher(texts.get(file).replaceAll("(?m)--.*$", ""));
        List<String> names = new java.util.ArrayList<>();
        while (parameter.find()) {
            names.add(parameter.group(1));
        }
        return names;
    }

    static String normal(String sql) {
        return PARAMETER.matcher(sql.replaceAll("(?m)--.*$", " ")).replaceAll("?").replaceAll("\\s+", " ").strip();
    }
}
