package com.example.giftcards.routecheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * The check the integration team runs before a deployment ({@code --validate-routes DIR}): over the repository's own
 * routes/, and over copies of it with one mistake added. The mistakes go into a route file of their own, so that the
 * expected lines do not depend on how the real route files are laid out; the missing SQL file and template are also
 * tested by deleting one the real routes use.
 */
class ValidateRoutesCommandTest {

    private static final Path REPOSITORY_ROUTES = Path.of("routes");
    private static final String MISTAKE_FILE = "zz-mistake.camel.yaml";

    @TempDir
    Path temp;

    /** The one place that checks the shipped routes pass the check (start-up runs it in every integration test). */
    @Test
    void theRepositoryRoutesHaveNoProblems() {
        Result result = validate(REPOSITORY_ROUTES.toString());

        assertThat(result.output()).as("output of --validate-routes routes").hasSize(1);
        assertThat(result.output().get(0)).startsWith("Checked ").endsWith(": no problems.");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void theCopyPackagedInTheJarIsCheckedLikeTheRepositoryRoutes() {
        // target/classes/routes, as the jar holds it; the application falls back to it without a routes folder
        RouteCheckReport packaged = RouteCheck.run(RouteFolder.of("classpath:routes"));
        RouteCheckReport repository = RouteCheck.run(RouteFolder.onDisk(REPOSITORY_ROUTES));

        assertThat(packaged.routeFiles()).as("route files read from the classpath").isEqualTo(repository.routeFiles());
        assertThat(packaged.problems()).isEqualTo(repository.problems());
    }

    @Test
    void yamlThatDoesNotParseIsReportedAtTheLineWhereTheParserStopped() throws IOException {
        Path routes = copyWithMistake("""
                - route:
                    id: misindented
                    description: The steps key is one space short
                    from:
                      id: misindented-request
                      uri: direct:misindented
                     steps:
                        - log:
                            id: misindented-log
                            message: never loaded
                """);

        assertProblems(routes, MISTAKE_FILE + ":7: not valid YAML: expected <block end>, but found '<block mapping start>'"
                + " - check the indentation (while parsing a block mapping started at line 2)");
    }

    @Test
    void anUnknownStepIsReported() throws IOException {
        Path routes = copyWithMistake("""
                - route:
                    id: typo
                    description: setHeader misspelt
                    from:
                      id: typo-request
                      uri: direct:typo
                      steps:
                        - setHeadr:
                            id: typo-header
                            name: x
                            constant: y
                """);

        assertProblems(routes, MISTAKE_FILE + ":8: unknown step 'setHeadr'");
    }

    @Test
    void anUnknownOptionIsReportedAtItsLine() throws IOException {
        Path routes = copyWithMistake("""
                - route:
                    id: option-typo
                    description: message misspelt
                    from:
                      id: option-typo-request
                      uri: direct:option-typo
                      steps:
                        - log:
                            id: option-typo-log
                            mesage: hello
                """);

        assertProblems(routes,
                MISTAKE_FILE + ":8: log: required option 'message' is missing",
                MISTAKE_FILE + ":10: unknown option 'mesage' in log");
    }

    @Test
    void aNumberGivenAsTextIsReported() throws IOException {
        Path routes = copyWithMistake("""
                - routeConfiguration:
                    id: quoted-number
                    errorHandler:
                      deadLetterChannel:
                        id: quoted-number-dead-letters
                        deadLetterUri: direct:quoted-number
                        redeliveryPolicy:
                          maximumRedeliveries: "3"
                          maximumRedeliveryDelay: "{{gift.legs.redelivery.maximum-delay-ms}}"
                          backOffMultiplier: "{{some.multiplier}}"
                          useExponentialBackOff: "yes"
                """);

        // a whole {{placeholder}} is fine where a number or a boolean is wanted: Camel resolves it first
        assertProblems(routes,
                MISTAKE_FILE + ":8: maximumRedeliveries: string found, number expected (write 3 without quotes)",
                MISTAKE_FILE + ":11: useExponentialBackOff: string found, boolean expected");
    }

    @Test
    void stepsNeedNoIdButRoutesAndRouteConfigurationsDo() throws IOException {
        Path routes = copyWithMistake("""
                - routeConfiguration:
                    description: no id
                    errorHandler:
                      noErrorHandler: {}
                - route:
                    id: unlabelled-steps
                    from:
                      uri: direct:unlabelled-steps
                      steps:
                        - choice:
                            when:
                              - simple: ${body} == 'a'
                                steps:
                                  - log: a
                            otherwise:
                              steps:
                                - to: direct:y
                - route:
                    description: no id
                    from:
                      uri: direct:anonymous
                      steps:
                        - log: hello
                - from:
                    uri: direct:a-top-level-from
                    steps:
                      - log: hello
                """);

        assertProblems(routes,
                MISTAKE_FILE + ":1: routeConfiguration has no id",
                MISTAKE_FILE + ":18: route has no id",
                MISTAKE_FILE + ":24: route has no id");
    }

    @Test
    void aDescriptionThatRepeatsItsIdIsReported() throws IOException {
        Path routes = copyWithMistake("""
                - route:
                    id: say-hello
                    description: Say hello
                    from:
                      uri: direct:say-hello
                      steps:
                        - log:
                            id: journal-erp-done
                            description: "Journal: ERP done"
                            message: hello
                        - log:
                            id: hello-log
                            description: Greets whoever asks
                            message: hello
                """);

        assertProblems(routes,
                MISTAKE_FILE + ":3: description \"Say hello\" repeats the id 'say-hello': drop it, or say what the id does not",
                MISTAKE_FILE + ":9: description \"Journal: ERP done\" repeats the id 'journal-erp-done': drop it, or say what the id does not");
    }

    @Test
    void aMissingSqlFileOrTemplateIsReportedWhereItIsReferenced() throws IOException {
        Path routes = copyWithMistake("""
                - route:
                    id: missing-files
                    description: Refers to files that are not there
                    from:
                      id: missing-files-request
                      uri: direct:missing-files
                      steps:
                        - to:
                            id: missing-sql
                            uri: sql:{{routes.location}}/sql/no-such-statement.sql
                            parameters:
                              dataSource: "#erpDataSource"
                        - to:
                            id: missing-template
                            uri: mustache:{{routes.location}}/templates/no-such-email.mustache
                """);

        assertProblems(routes,
                MISTAKE_FILE + ":10: SQL file sql/no-such-statement.sql not found",
                MISTAKE_FILE + ":15: template templates/no-such-email.mustache not found");
    }

    @Test
    void aDialectSqlFileNeedsItsDefaultFileAndIsCheckedWhenThere() throws IOException {
        Path routes = copyWithMistake("""
                - route:
                    id: dialect-files
                    description: Refers to SQL files by dialect
                    from:
                      id: dialect-files-request
                      uri: direct:dialect-files
                      steps:
                        - to:
                            id: only-mariadb-sql
                            uri: sql:{{erp-sql:only-mariadb.sql}}
                        - to:
                            id: empty-mariadb-sql
                            uri: sql:{{erp-sql:empty-mariadb.sql}}
                        - to:
                            id: default-only-sql
                            uri: sql:{{erp-sql:default-only.sql}}
                """);
        Files.writeString(routes.resolve("sql/only-mariadb.mariadb.sql"), "SELECT 1\n");
        Files.writeString(routes.resolve("sql/empty-mariadb.sql"), "SELECT 1\n");
        Files.writeString(routes.resolve("sql/empty-mariadb.mariadb.sql"), " \n");
        Files.writeString(routes.resolve("sql/default-only.sql"), "SELECT 1\n"); // no dialect file: fine

        assertProblems(routes,
                MISTAKE_FILE + ":10: SQL file sql/only-mariadb.sql not found",
                MISTAKE_FILE + ":13: SQL file sql/empty-mariadb.mariadb.sql is empty");
    }

    @Test
    void theRepositorysMergeStatementsHaveTheirMariaDbVersions() throws IOException {
        // MariaDB has no MERGE: each {{erp-sql:x.sql}} written with one has an x.mariadb.sql (INSERT ... ON DUPLICATE KEY)
        Pattern reference = Pattern.compile("\\{\\{erp-sql:([^{}]+)}}");
        List<String> named = new ArrayList<>();
        for (Path file : routeFiles(REPOSITORY_ROUTES)) {
            for (String line : Files.readAllLines(file)) {
                Matcher found = reference.matcher(line.strip().startsWith("#") ? "" : line);
                while (found.find()) {
                    named.add(found.group(1));
                }
            }
        }
        assertThat(named).contains("record-transaction.sql", "update-balance.sql");
        for (String sql : named) {
            if (Files.readString(REPOSITORY_ROUTES.resolve("sql/" + sql)).contains("MERGE INTO")) {
                assertThat(REPOSITORY_ROUTES.resolve("sql/" + sql.replace(".sql", ".mariadb.sql"))).content()
                        .contains("ON DUPLICATE KEY UPDATE").doesNotContain("MERGE");
            }
        }
    }

    @Test
    void deletingAnSqlFileTheRoutesUseIsReportedAtEachReference() throws IOException {
        deletingAReferencedFileIsReported("sql", "SQL file");
    }

    // No shipped route names a template: the email leg renders the files its bean chose per message (the files
    // without a language are checked at start, TopUpEmailTemplatesTest); a route that names one is checked as before
    // (aMissingSqlFileOrTemplateIsReportedWhereItIsReferenced).

    @Test
    void anEmptySqlFileAndATemplateThatDoesNotCompileAreReported() throws IOException {
        Path routes = copyWithMistake("""
                - route:
                    id: broken-files
                    description: Refers to an empty SQL file and a broken template
                    from:
                      id: broken-files-request
                      uri: direct:broken-files
                      steps:
                        - to:
                            id: empty-sql
                            uri: sql:{{routes.location}}/sql/empty.sql
                        - to:
                            id: broken-template
                            uri: mustache:{{routes.location}}/templates/broken.mustache
                """);
        Files.writeString(routes.resolve("sql/empty.sql"), "\n");
        Files.createDirectories(routes.resolve("templates"));
        Files.writeString(routes.resolve("templates/broken.mustache"), "Hello {{#body.name}}\n{{body.name}}\n");

        assertProblems(routes, // in file name order
                "templates/broken.mustache:1: template does not compile: Failed to close 'body.name' tag",
                MISTAKE_FILE + ":10: SQL file sql/empty.sql is empty");
    }

    @Test
    void aLanguagesTemplateThatNoRouteNamesIsCheckedToo() throws IOException {
        Path routes = copyOfRoutes();
        String german = Files.readString(routes.resolve("templates/top-up-email.de.html.mustache"));
        Files.writeString(routes.resolve("templates/top-up-email.de.html.mustache"),
                german.replace("{{/body.voucherCode}} wurden", " wurden"));
        Files.writeString(routes.resolve("templates/top-up-email.fr.txt.mustache"), " \n");
        int line = (int) german.lines().takeWhile(l -> !l.contains("{{/body.voucherCode}} wurden")).count() + 1;

        assertProblems(routes,
                "templates/top-up-email.de.html.mustache:" + line + ": template does not compile: Failed to close 'body.voucherCode' tag",
                "templates/top-up-email.fr.txt.mustache:1: template is empty");
    }

    @Test
    void aKeyWrittenTwiceIsReported() throws IOException {
        Path routes = copyWithMistake("""
                - route:
                    id: twice
                    description: uri written twice
                    from:
                      id: twice-request
                      uri: direct:twice
                      uri: direct:again
                      steps:
                        - log:
                            id: twice-log
                            message: hello
                """);

        assertProblems(routes, MISTAKE_FILE + ":7: 'uri' is written twice (also at line 6); only this one would count");
    }

    @Test
    void aFileThatIsNotAListIsReported() throws IOException {
        Path routes = copyWithMistake("""
                route:
                  id: not-a-list
                """);

        assertProblems(routes, MISTAKE_FILE + ":1: a route file is a list of entries, each starting with '- '"
                + " (object found, array expected)");
    }

    @Test
    void whatCamelAcceptsIsNotReported() throws IOException {
        // No false alarms: a whole placeholder where a number or boolean is wanted, a number where text is wanted
        // (Camel reads it as text), the short forms outside steps:, and definitions that are steps only in steps:
        // (the headers of setHeaders, the to of a REST verb) - next to steps of every kind, all with ids.
        Path routes = copyWithMistake("""
                - rest:
                    id: accepted-rest
                    path: /accepted
                    get:
                      - id: accepted-get
                        path: /thing
                        to: direct:accepted
                - route:
                    id: accepted
                    description: Forms Camel accepts
                    from:
                      id: accepted-request
                      uri: direct:accepted
                      parameters:
                        timeout: 1000
                      steps:
                        - setHeaders:
                            id: accepted-headers
                            headers:
                              - name: a
                                constant: b
                              - name: c
                                simple: ${body}
                        - throttle:
                            id: accepted-throttle
                            constant: 10
                            timePeriodMillis: 1000
                        - split:
                            id: accepted-split
                            tokenize:
                              token: ","
                            parallelProcessing: "{{split.parallel}}"
                            steps:
                              - circuitBreaker:
                                  id: accepted-breaker
                                  steps:
                                    - toD:
                                        id: accepted-dynamic
                                        uri: sql:{{routes.location}}/sql/${header.statement}.sql
                                  onFallback:
                                    id: accepted-fallback
                                    steps:
                                      - transform:
                                          id: accepted-transform
                                          simple: fallback
                """);

        Result result = validate(routes.toString());

        assertThat(result.output()).singleElement().asString().endsWith(": no problems.");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void aValueOfTheWrongKindIsReportedWithTheKindExpected() throws IOException {
        Path routes = copyWithMistake("""
                - route:
                    id: wrong-kinds
                    description: steps as a mapping, a list for a log, a number for a boolean
                    from:
                      id: wrong-kinds-request
                      uri: direct:wrong-kinds
                      steps:
                        log:
                          id: wrong-kinds-log
                          message: hello
                - route:
                    id: wrong-kinds-2
                    description: more of them
                    from:
                      id: wrong-kinds-2-request
                      uri: direct:wrong-kinds-2
                      steps:
                        - log: [a, b]
                        - delay:
                            id: wrong-kinds-delay
                            constant: 3
                            callerRunsWhenRejected: 1
                """);

        assertProblems(routes,
                MISTAKE_FILE + ":7: steps: object found, array expected",
                MISTAKE_FILE + ":18: log: array found, string or object expected",
                MISTAKE_FILE + ":22: callerRunsWhenRejected: number found, boolean expected");
    }

    @Test
    void withoutADirectoryTheApplicationsRoutesFolderIsChecked() {
        // no ROUTES_DIR in the test JVM: ./routes, as for the application
        Result result = validate();

        assertThat(result.output()).singleElement().asString()
                .isEqualTo(validate(REPOSITORY_ROUTES.toString()).output().get(0));
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void aDirectoryThatDoesNotExistIsAnError() {
        Result result = validate(temp.resolve("nowhere").toString());

        assertThat(result.output()).containsExactly(temp.resolve("nowhere") + " is not a directory");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void extraArgumentsAreAUsageError() {
        Result result = validate("routes", "more");

        assertThat(result.output()).containsExactly("Usage: java -jar <application jar> --validate-routes [DIR]");
        assertThat(result.exitCode()).isEqualTo(2);
    }

    // ---- helpers

    private void deletingAReferencedFileIsReported(String scheme, String kind) throws IOException {
        Path routes = copyOfRoutes();
        // {{routes.location}}/sql/x.sql, or {{erp-sql:x.sql}} (whose default file sql/x.sql must be there, whatever the database)
        Pattern reference = Pattern.compile(scheme + ":\\{\\{(?:routes\\.location}}/([^?\\s\"']+)|erp-sql:([^{}]+)}})");
        String deleted = null;
        List<String> expected = new ArrayList<>();
        for (Path file : routeFiles(routes)) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher found = reference.matcher(lines.get(i));
                String named = !found.find() ? null : found.group(1) != null ? found.group(1) : "sql/" + found.group(2);
                if (named != null && (deleted == null || deleted.equals(named))) {
                    deleted = named;
                    expected.add(file.getFileName() + ":" + (i + 1) + ": " + kind + " " + deleted + " not found");
                }
            }
        }
        assertThat(deleted).as("a " + scheme + ": reference in the repository's routes").isNotNull();
        Files.delete(routes.resolve(deleted));

        assertProblems(routes, expected.toArray(String[]::new));
    }

    private void assertProblems(Path routes, String... expected) {
        Result result = validate(routes.toString());

        List<String> problems = result.output().subList(0, result.output().size() - 1);
        String summary = result.output().get(result.output().size() - 1);
        assertThat(problems).containsExactly(expected);
        assertThat(summary).startsWith("Checked " + routeFileCount(routes) + " route files and ")
                .endsWith(" in " + routes.toAbsolutePath() + ": " + expected.length + " problem" + (expected.length == 1 ? "." : "s."));
        assertThat(result.exitCode()).isEqualTo(1);
    }

    private Path copyWithMistake(String routeFile) throws IOException {
        Path routes = copyOfRoutes();
        Files.writeString(routes.resolve(MISTAKE_FILE), routeFile);
        return routes;
    }

    private Path copyOfRoutes() throws IOException {
        Path copy = temp.resolve("routes");
        FileSystemUtils.copyRecursively(REPOSITORY_ROUTES, copy);
        return copy;
    }

    private static List<Path> routeFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }

    private static int routeFileCount(Path dir) {
        try {
            return routeFiles(dir).size();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result validate(String... dir) {
        String[] args = Stream.concat(Stream.of(ValidateRoutesCommand.OPTION), Stream.of(dir)).toArray(String[]::new);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exitCode = ValidateRoutesCommand.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Result(exitCode, bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private record Result(int exitCode, List<String> output) {
    }
}
