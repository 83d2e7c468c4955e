package com.example.giftcards;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import java.util.Map;
import java.util.Set;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

/**
 * The shape of the Java code: small packages grouped by what they serve, each depending only on the ones below it,
 * so that each can be understood alone. A new dependency between packages is a decision: add it here, or move the
 * code. A new package must be placed here too. (That no test framework reaches the production classpath is checked
 * by the build: maven-enforcer-plugin's bannedDependencies in pom.xml.)
 */
@AnalyzeClasses(packages = "com.example.giftcards", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "com.example.giftcards";

    /** Package -> the packages of ours it may use ("" is the root package, the application itself). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            // foundations: no package of ours
            Map.entry("camel", Set.of()), // Camel's set-up: the routes folder, transactions, the intake first
            Map.entry("dialect", Set.of()),
            Map.entry("names", Set.of()), // the header and property names the routes and the Java share
            Map.entry("http", Set.of()),
            Map.entry("giftcard", Set.of("names")),
            Map.entry("state", Set.of("dialect")),
            // infrastructure
            Map.entry("broker", Set.of("camel")),
            Map.entry("database", Set.of("camel", "dialect")),
            Map.entry("operations", Set.of("http", "names")),
            Map.entry("routecheck", Set.of("camel", "dialect")), // the one chain of checks, live edits' too
            // live edits: Camel's reload, after the route check, following the ERP's dialect SQL files
            Map.entry("camel.reload", Set.of("camel", "dialect", "routecheck")),
            // the stages
            Map.entry("intake", Set.of("http", "state", "giftcard", "operations", "names")), // operations: journal, then answer
            Map.entry("deadletter", Set.of("http", "operations", "names")),
            Map.entry("email", Set.of("camel.reload", "giftcard", "deadletter", "operations", "names")), // told of template edits
            Map.entry("dev", Set.of("http")),
            // the backfill from Voucherify's API: its answers, names, the event it builds, the email leg's journal
            Map.entry("backfill", Set.of("http", "names", "giftcard", "operations")),
            // rehearsals of the routes (--try, --test-routes): the application with its outside world swapped
            Map.entry("rehearsal", Set.of("camel", "intake", "routecheck", "names")),
            // the application itself
            Map.entry("", Set.of("routecheck", "rehearsal")));

    @ArchTest
    static final ArchRule packagesDependOnlyOnThoseBelowThem = layering();

    private static ArchRule layering() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture(); // every package is placed
        for (String name : ALLOWED.keySet()) {
            // a package with its sub-packages, but camel without camel.reload; the root package alone
            String packages = name.isEmpty() || name.equals("camel") ? ROOT + (name.isEmpty() ? "" : "." + name) : ROOT + "." + name + "..";
            layers = layers.layer(layer(name)).definedBy(packages);
        }
        for (Map.Entry<String, Set<String>> entry : ALLOWED.entrySet()) {
            String[] below = entry.getValue().stream().map(ArchitectureTest::layer).toArray(String[]::new);
            layers = below.length == 0
                    ? layers.whereLayer(layer(entry.getKey())).mayNotAccessAnyLayer()
                    : layers.whereLayer(layer(entry.getKey())).mayOnlyAccessLayers(below);
        }
        return layers;
    }

    private static String layer(String name) {
        return name.isEmpty() ? "the application" : name;
    }
}
