package com.example.giftcards.camel.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import com.example.giftcards.dialect.DialectSqlFiles;
import com.example.giftcards.dialect.SqlDialect;
import com.example.giftcards.routecheck.Problem;
import com.example.giftcards.routecheck.RouteCheck;
import com.example.giftcards.routecheck.RouteFolder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Camel's reading of an edited route file refuses, and where it says the problem is, on a plain Camel context;
 * and what it leaves to the route check's other links.
 */
class CamelRouteFileCheckTest {

    @TempDir
    Path routes;

    private DefaultCamelContext camel;
    private CamelRouteFileCheck check;
    private Path file;

    @BeforeEach
    void camel() throws Exception {
        camel = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty("routes.location", "file:" + routes);
        properties.setProperty("queue", "work");
        camel.getPropertiesComponent().setInitialProperties(properties);
        camel.getRegistry().bind("worker", new Object());
        camel.getRegistry().bind("erp", new JdbcDataSource());
        camel.start();
        check = new CamelRouteFileCheck(camel);
        file = routes.resolve("50-work.camel.yaml");
        Files.createDirectories(routes.resolve("sql"));
        Files.createDirectories(routes.resolve("templates"));
        Files.writeString(routes.resolve("sql/work.sql"), "SELECT 1");
        Files.writeString(routes.resolve("templates/work.mustache"), "{{#body}}Hello {{body}}{{/body}}");
    }

    @AfterEach
    void stopCamel() {
        camel.stop();
    }

    private static final String GOOD = """
            - route:
                id: work
                from:
                  uri: direct:{{queue}}
                  steps:
                    - bean:
                        ref: worker
                        method: toString
                    - to:
                        uri: sql:{{routes.location}}/sql/work.sql
                        parameters:
                          dataSource: "#erp"
                    - to:
                        uri: mustache:{{routes.location}}/templates/work.mustache
            """;

    @Test
    void aGoodFileHasNoProblemAndNamesItsRoutesFilesAndBeans() throws Exception {
        assertThat(check.check(file, GOOD)).isEmpty();

        CamelRouteFileCheck.RouteFile read = check.read(file, GOOD);
        assertThat(read.routes()).containsOnlyKeys("work");
        assertThat(read.resources()).containsOnlyKeys(routes.resolve("sql/work.sql"), routes.resolve("templates/work.mustache"));
        assertThat(read.resources().get(routes.resolve("sql/work.sql"))).isEqualTo(9); // the line of its "- to:"
        assertThat(read.beans()).containsOnlyKeys("worker"); // "#erp" is checked with its endpoint
        assertThat(read.routeConfigurations()).isFalse();
    }

    @Test
    void yamlThatDoesNotParse() {
        assertThat(check.check(file, GOOD.replace("    id: work\n", "    id: work\n   broken: [\n")))
                .singleElement().satisfies(problem(file, 3, "expected <block end>"));
    }

    @Test
    void anUnknownStep() {
        assertThat(check.check(file, GOOD.replace("- bean:", "- baen:")))
                .singleElement().satisfies(problem(file, 6, "Unknown node id: baen"));
    }

    @Test
    void anUnknownEndpointOption() {
        assertThat(check.check(file, GOOD.replace("dataSource: \"#erp\"", "dataSource: \"#erp\"\n              noSuchOption: x")))
                .singleElement().satisfies(problem(file, 9, "noSuchOption"));
    }

    @Test
    void anUnknownComponent() {
        assertThat(check.check(file, GOOD.replace("uri: direct:", "uri: directt:")))
                .singleElement().satisfies(problem(file, 4, "no Camel component"));
    }

    @Test
    void aPlaceholderThatDoesNotResolve() {
        assertThat(check.check(file, GOOD.replace("direct:{{queue}}", "direct:{{queu}}")))
                .first().satisfies(problem(file, 4, "queu"));
    }

    /** One link says it, the same way as --validate-routes, not two: the route check's referenced files. */
    @Test
    void aMissingOrEmptySqlFileIsLeftToTheRouteCheck() throws Exception {
        String other = GOOD.replace("sql/work.sql", "sql/other.sql");
        assertThat(check.check(file, other)).isEmpty();
        assertThat(edit(other)).filteredOn(p -> p.message().contains("sql/other.sql"))
                .singleElement().satisfies(problem(file, 10, "SQL file sql/other.sql not found"));

        Files.writeString(routes.resolve("sql/work.sql"), "  \n");
        assertThat(check.check(file, GOOD)).isEmpty();
        assertThat(edit(GOOD)).filteredOn(p -> p.message().contains("sql/work.sql"))
                .singleElement().satisfies(problem(file, 10, "SQL file sql/work.sql is empty"));
    }

    @Test
    void aTemplateThatDoesNotCompileIsReportedInTheTemplate() throws Exception {
        Files.writeString(routes.resolve("templates/work.mustache"), "line one\n{{#body}}Hello {{body}}\n");

        assertThat(check.check(file, GOOD)).isEmpty();
        assertThat(edit(GOOD)).filteredOn(p -> p.file().startsWith("templates/")).singleElement()
                .satisfies(problem(routes.resolve("templates/work.mustache"), 2, "Failed to close 'body' tag"));
    }

    @Test
    void camelsReadingComesFirstInALiveEditsRouteCheck() {
        assertThat(edit(GOOD.replace("- bean:", "- baen:"))).singleElement().satisfies(problem(file, 6, "Unknown node id: baen"));
    }

    /** The whole route check of a live edit, with Camel's reading as its first link. */
    private List<Problem> edit(String text) {
        return RouteCheck.checkEdit(RouteFolder.onDisk(routes), file.getFileName().toString(), text, List.of(check));
    }

    @Test
    void aBeanOrExceptionClassNobodyDefined() {
        assertThat(check.check(file, GOOD.replace("ref: worker", "ref: wroker")))
                .singleElement().satisfies(problem(file, 6, "no bean is named wroker"));

        String doTry = GOOD.replace("""
                        - bean:
                            ref: worker
                            method: toString
                """, """
                        - doTry:
                            steps:
                              - log: trying
                            doCatch:
                              - exception:
                                  - java.lang.NoSuchException
                                steps:
                                  - log: caught
                """);
        assertThat(check.check(file, doTry)).singleElement()
                .satisfies(problem(file, 9, "no class is named java.lang.NoSuchException")); // its doCatch
    }

    @Test
    void aRouteIdAnotherFileRuns() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:elsewhere").routeId("work").log("elsewhere");
            }
        });

        assertThat(check.check(file, GOOD)).singleElement().satisfies(problem(file, 4, "route id work is already used by"));
    }

    @Test
    void onMariaDbADialectSqlFileIsRunWhenThereAndItsEditsConcernTheRoute() throws Exception {
        camel.getPropertiesComponent().addPropertiesFunction(new DialectSqlFiles("erp-sql", "file:" + routes, SqlDialect.MARIADB));
        String dialectFile = GOOD.replace("sql:{{routes.location}}/sql/work.sql", "sql:{{erp-sql:work.sql}}");
        Path standard = routes.resolve("sql/work.sql");
        Path mariaDb = routes.resolve("sql/work.mariadb.sql");

        // Not there yet: the default file runs, and creating the MariaDB one concerns the route (a reload picks it)
        assertThat(check.check(file, dialectFile)).isEmpty();
        CamelRouteFileCheck.RouteFile read = check.read(file, dialectFile);
        assertThat(read.endpoints()).containsKey("sql:file:" + standard + "?dataSource=#erp");
        assertThat(read.resources()).containsKey(standard).doesNotContainKey(mariaDb);
        assertThat(read.dialectFiles()).containsOnlyKeys(mariaDb);
        assertThat(read.uses(mariaDb)).isTrue();

        Files.writeString(mariaDb, "SELECT 2");
        read = check.read(file, dialectFile);
        assertThat(read.endpoints()).containsKey("sql:file:" + mariaDb + "?dataSource=#erp");
        assertThat(read.resources()).containsKeys(standard, mariaDb);
        assertThat(check.check(file, dialectFile)).isEmpty();

        // the files themselves: the route check's referenced files link
        Files.writeString(mariaDb, " \n");
        assertThat(check.check(file, dialectFile)).isEmpty();
        assertThat(edit(dialectFile)).filteredOn(p -> p.message().contains("sql/work"))
                .singleElement().satisfies(problem(file, 10, "SQL file sql/work.mariadb.sql is empty"));

        // The default file must be there whatever runs: H2 and PostgreSQL run it
        Files.writeString(mariaDb, "SELECT 2");
        Files.delete(standard);
        assertThat(edit(dialectFile)).filteredOn(p -> p.message().contains("sql/work"))
                .singleElement().satisfies(problem(file, 10, "SQL file sql/work.sql not found"));
    }

    @Test
    void onH2TheDefaultSqlFileRunsAndTheMariaDbOneIsNotTheRoutesConcern() throws Exception {
        camel.getPropertiesComponent().addPropertiesFunction(new DialectSqlFiles("erp-sql", "file:" + routes, SqlDialect.H2));
        String dialectFile = GOOD.replace("sql:{{routes.location}}/sql/work.sql", "sql:{{erp-sql:work.sql}}");
        Path mariaDb = routes.resolve("sql/work.mariadb.sql");
        Files.writeString(mariaDb, "SELECT 2");

        CamelRouteFileCheck.RouteFile read = check.read(file, dialectFile);
        assertThat(read.endpoints()).containsKey("sql:file:" + routes.resolve("sql/work.sql") + "?dataSource=#erp");
        assertThat(read.uses(mariaDb)).isFalse();
        assertThat(check.check(file, dialectFile)).isEmpty();
    }

    @Test
    void anEmptyFile() {
        assertThat(check.check(file, "\n")).singleElement().satisfies(problem(file, 1, "the file is empty"));
    }

    private java.util.function.Consumer<Problem> problem(Path file, int line, String text) {
        return problem -> {
            assertThat(problem.file()).isEqualTo(routes.relativize(file).toString());
            assertThat(problem.line()).as("line").isEqualTo(line);
            assertThat(problem.message()).contains(text).doesNotContain("\n");
        };
    }
}
