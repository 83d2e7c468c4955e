package com.example.giftcards.rehearsal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which SQL file of the routes folder a statement came from: camel-sql sends the file's text with its comments
 * dropped and each named parameter ({@code :#name}, {@code :#${…}}) as {@code ?}, so the file is the one whose text,
 * treated the same way, is the statement's.
 */
final class SqlFiles {

    private final Map<String, String> byText = new LinkedHashMap<>();

    SqlFiles(Path routesDir) {
        if (routesDir == null || !Files.isDirectory(routesDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(routesDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                byText.putIfAbsent(normal(Files.readString(file)), routesDir.relativize(file).toString());
            }
        } catch (IOException e) {
            // statements are then shown without their file
        }
    }

    /** The file (relative to the routes folder), or null. */
    String fileOf(String sql) {
        return sql == null ? null : byText.get(normal(sql));
    }

    static String normal(String sql) {
        return sql.replaceAll("(?m)--.*$", " ")
                .replaceAll(":#(\\$\\{[^}]*}|[A-Za-z_][\\w.]*)", "?")
                .replaceAll("\\s+", " ")
                .strip();
    }
}
