package com.example.giftcards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The shape of the Java code: small packages grouped by what they serve, each depending only on the ones below it,
 * so that each can be understood alone. A new dependency between packages is a decision: add it here, or move the
 * code.
 */
class ArchitectureTest {

    /** Package -> the packages of ours it may use. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            // foundations: no package of ours
            Map.entry("camel", Set.of()),
            Map.entry("http", Set.of()),
            Map.entry("giftcard", Set.of()),
            Map.entry("state", Set.of()),
            // infrastructure
            Map.entry("broker", Set.of("camel")),
            Map.entry("database", Set.of("camel")),
            Map.entry("operations", Set.of("http")),
            Map.entry("routecheck", Set.of("camel")), // also joins camel.reload's live-edit checks
            // the stages
            Map.entry("intake", Set.of("http", "state", "giftcard")),
            Map.entry("deadletter", Set.of("http", "operations")),
            Map.entry("email", Set.of("giftcard", "deadletter", "operations")),
            Map.entry("dev", Set.of("http")),
            // rehearsals of the routes (--try, --test-routes): the application with its outside world swapped
            Map.entry("rehearsal", Set.of("camel", "intake", "routecheck")),
            // the application itself
            Map.entry("", Set.of("routecheck", "rehearsal")));

    private static final Path MAIN = Path.of("src/main/java/com/example/giftcards");
    private static final Pattern OURS = Pattern.compile("com\\.example\\.giftcards\\.([a-z]+)\\.");

    @Test
    void packagesDependOnlyOnThoseBelowThem() throws IOException {
        Map<String, Set<String>> actual = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = MAIN.relativize(file.getParent()).toString().split("/")[0]; // sub-packages belong to theirs
                Matcher uses = OURS.matcher(Files.readString(file));
                while (uses.find()) {
                    if (!uses.group(1).equals(from)) {
                        actual.computeIfAbsent(from, k -> new TreeSet<>()).add(uses.group(1));
                    }
                }
            }
        }
        assertThat(ALLOWED.keySet()).as("every package is placed").containsAll(packages());
        actual.forEach((from, to) -> assertThat(ALLOWED.get(from)).as("what %s may use", from.isEmpty() ? "the root" : from).containsAll(to));
    }

    @Test
    void theProductionClasspathCarriesNoTestFramework() {
        // The test classpath is the production one plus test-scoped libraries, none of which is JUnit 4.
        assertThat(ClassLoader.getSystemResource("junit/framework/TestCase.class")).as("JUnit 4").isNull();
        assertThat(ClassLoader.getSystemResource("org/junit/Test.class")).as("JUnit 4").isNull();
    }

    private static Set<String> packages() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            Set<String> names = new TreeSet<>(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).toList());
            names.add("");
            return names;
        }
    }
}
