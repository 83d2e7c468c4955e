package com.example.giftcards.rehearsal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.example.giftcards.rehearsal.RehearsalErpDataSource.SqlRun;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.NoSuchBeanException;
import org.apache.camel.component.bean.MethodNotFoundException;

/**
 * Where in the route files a failure comes from, as {@code file:line}: the SQL file of a statement the database
 * refused (the line naming what it refused, e.g. an unknown column), the route file naming an unknown bean or
 * setting or method, a template line (Mustache says it), or the route that failed to start. Null when it cannot
 * be told.
 */
final class SourceLocator {

    private static final Pattern TEMPLATE_LINE = Pattern.compile("@\\[([^\\]:]+):(\\d+)]");
    /** An identifier as PostgreSQL and H2 quote it ("x"), or MariaDB ('x', `x`). */
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"|'([^']+)'|`([^`]+)`");
    private static final Pattern PROPERTY = Pattern.compile("Property with key \\[([^\\]]+)]");

    private SourceLocator() {
    }

    static String locate(Path routesDir, Throwable failure, List<SqlRun> statements, SqlFiles sqlFiles) {
        for (SqlRun statement : statements) {
            if (statement.error() != null && statement.file() != null) {
                return inSqlFile(sqlFiles.lines(statement.file()), statement);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            Matcher template = TEMPLATE_LINE.matcher(message);
            if (template.find()) {
                return template.group(1) + ":" + template.group(2);
            }
            if (t instanceof NoSuchBeanException missing && missing.getName() != null) {
                String found = firstLine(routesDir, "*.camel.yaml", Pattern.compile(
                        "(ref:\\s*[\"']?|#|bean:)" + Pattern.quote(missing.getName()) + "\\b"));
                if (found != null) {
                    return found;
                }
            }
            if (t instanceof MethodNotFoundException missing && missing.getMethodName() != null) {
                String found = firstLine(routesDir, "*.camel.yaml", Pattern.compile(
                        "method:\\s*[\"']?" + Pattern.quote(missing.getMethodName()) + "\\b"));
                if (found != null) {
                    return found;
                }
            }
            Matcher property = PROPERTY.matcher(message);
            if (property.find()) {
                String found = firstLine(routesDir, "*.camel.yaml", Pattern.compile(
                        "\\{\\{\\s*" + Pattern.quote(property.group(1)) + "\\s*}}"));
                if (found != null) {
                    return found;
                }
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FailedToCreateRouteException route && route.getRouteId() != null) {
                return firstLine(routesDir, "*.camel.yaml", Pattern.compile("^\\s*id:\\s*[\"']?"
                        + Pattern.quote(route.getRouteId()) + "[\"']?\\s*$"));
            }
        }
        return null;
    }

    /** The line of the SQL file naming what the database refused (an identifier it quotes), else the file alone. */
    private static String inSqlFile(List<String> lines, SqlRun statement) {
        Matcher quoted = QUOTED.matcher(statement.error());
        while (quoted.find()) {
            String name = quoted.group(1) != null ? quoted.group(1) : quoted.group(2) != null ? quoted.group(2) : quoted.group(3);
            String last = name.substring(name.lastIndexOf('.') + 1);
            Pattern word = Pattern.compile("(?i)\\b" + Pattern.quote(last) + "\\b");
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().startsWith("--") && word.matcher(lines.get(i)).find()) {
                    return statement.file() + ":" + (i + 1);
                }
            }
        }
        return statement.file();
    }

    private static String firstLine(Path routesDir, String glob, Pattern pattern) {
        if (routesDir == null || !Files.isDirectory(routesDir)) {
            return null;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listed = Files.list(routesDir)) {
            listed.filter(f -> f.getFileName().toString().endsWith(glob.substring(1))).sorted().forEach(files::add);
        } catch (IOException e) {
            return null;
        }
        for (Path file : files) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().startsWith("#") && pattern.matcher(lines.get(i)).find()) {
                    return file.getFileName() + ":" + (i + 1);
                }
            }
        }
        return null;
    }

    private static List<String> lines(Path file) {
        try {
            return file == null ? List.of() : Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
