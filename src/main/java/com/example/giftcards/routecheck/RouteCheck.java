package com.example.giftcards.routecheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The route check, one chain of checks wherever it runs: {@code java -jar app.jar --validate-routes}
 * ({@link ValidateRoutesCommand}), {@code --try} and {@code --test-routes}, the start-up ({@link RouteCheckAtStartup}),
 * a live edit ({@link #checkEdit}) and the test suite. Without starting anything (no Spring context, broker,
 * database or HTTP server), each {@code *.camel.yaml}:
 * <ul>
 * <li>parses as YAML ({@link RouteYaml}: the one reader, with the line of every node), with no key written twice;</li>
 * <li>is valid against the Camel YAML DSL schema of the Camel version in use (unknown steps and options, wrong
 * types such as a quoted number; {@link SchemaCheck});</li>
 * <li>has an id on its routes and route configurations, and no description that just repeats its id ({@link IdRules});</li>
 * <li>names SQL files and templates through {@code {{routes.location}}} or {@code {{erp-sql:…}}} that exist and are
 * not empty, and every template in {@code templates/} compiles ({@link ReferencedFiles}).</li>
 * </ul>
 * A live edit has the running application as well, and runs its links ({@link RouteFileCheck}: Camel's own reading of
 * the file, its beans, components and placeholders) first. Every link reports the one {@link Problem} type.
 */
public final class RouteCheck {

    private RouteCheck() {
    }

    public static RouteCheckReport run(RouteFolder folder) {
        List<Problem> problems = new ArrayList<>();
        if (!folder.exists()) {
            problems.add(new Problem(folder.describe(), 1, "no such directory"));
            return new RouteCheckReport(folder.describe(), 0, 0, problems);
        }
        Links links = new Links(folder);
        List<String> routeFiles = folder.routeFiles();
        if (routeFiles.isEmpty()) {
            problems.add(new Problem(folder.describe(), 1, "no route files (*" + RouteFolder.ROUTE_FILE_SUFFIX + ")"));
        }
        for (String file : routeFiles) {
            Optional<String> text = folder.read(file);
            if (text.isEmpty()) {
                problems.add(new Problem(file, 1, "cannot be read"));
                continue;
            }
            problems.addAll(links.check(file, text.get()));
        }
        links.referencedFiles.checkOtherTemplates();
        problems.addAll(links.referencedFiles.templateProblems());
        problems.sort(Problem.BY_PLACE);
        return new RouteCheckReport(folder.describe(), routeFiles.size(), links.referencedFiles.count(), List.copyOf(problems));
    }

    /**
     * A live edit of one route file: first the links that need the running application, in order (the first that
     * finds a problem ends the check), then the links of {@link #run}; the problems of this version of the file and of
     * the templates it names, in file order. Other route files are not checked: they run already.
     */
    public static List<Problem> checkEdit(RouteFolder folder, String file, String text, List<RouteFileCheck> first) {
        for (RouteFileCheck link : first) {
            List<Problem> problems = link.check(folder, file, text);
            if (!problems.isEmpty()) {
                return problems;
            }
        }
        Links links = new Links(folder);
        List<Problem> problems = new ArrayList<>(links.check(file, text));
        problems.addAll(links.referencedFiles.templateProblems());
        return problems;
    }

    /** A template on its own (a live edit of one no route names, such as a language's): empty, or does not compile. */
    public static Optional<Problem> checkTemplate(String path, String text) {
        return ReferencedFiles.checkTemplate(path, text);
    }

    /** The links every check runs, over the route files of one folder. */
    private static final class Links {
        private final SchemaCheck schemaCheck;
        private final IdRules idRules;
        private final ReferencedFiles referencedFiles;

        Links(RouteFolder folder) {
            CamelYamlSchema schema = CamelYamlSchema.get();
            this.schemaCheck = new SchemaCheck(schema);
            this.idRules = new IdRules();
            this.referencedFiles = new ReferencedFiles(folder);
        }

        List<Problem> check(String file, String text) {
            RouteYaml yaml;
            try {
                yaml = RouteYaml.parse(file, text);
            } catch (RouteYaml.SyntaxError e) {
                return List.of(new Problem(file, e.line(), "not valid YAML: " + e.getMessage()));
            }
            if (yaml.root() == null) {
                return List.of(new Problem(file, 1, "the file is empty (no routes)"));
            }
            List<Problem> problems = new ArrayList<>();
            for (RouteYaml.DuplicateKey duplicate : yaml.duplicateKeys()) {
                problems.add(new Problem(file, duplicate.line(), "'" + duplicate.key() + "' is written twice (also at line "
                        + duplicate.firstLine() + "); only this one would count"));
            }
            problems.addAll(schemaCheck.check(file, yaml));
            problems.addAll(idRules.check(file, yaml));
            problems.addAll(referencedFiles.check(file, yaml));
            return problems;
        }
    }
}
