package com.example.giftcards.routecheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a routes folder the way the integration team needs before a deployment, without starting anything (no
 * Spring context, broker, database or HTTP server):
 * <ul>
 * <li>each {@code *.camel.yaml} parses as YAML;</li>
 * <li>it is valid against the Camel YAML DSL schema of the Camel version in use (unknown steps and options, wrong
 * types such as a quoted number);</li>
 * <li>routes and route configurations have an id, and no description just repeats its id ({@link IdRules});</li>
 * <li>the SQL files and templates the routes refer to through {@code {{routes.location}}} exist and are not empty,
 * and every template in {@code templates/} compiles ({@link ReferencedFiles}).</li>
 * </ul>
 * Used by {@code java -jar app.jar --validate-routes} ({@link ValidateRoutesCommand}), at start-up
 * ({@link RouteCheckAtStartup}) and by the test suite.
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
        CamelYamlSchema schema = CamelYamlSchema.get();
        SchemaCheck schemaCheck = new SchemaCheck(schema);
        IdRules idRules = new IdRules();
        ReferencedFiles referencedFiles = new ReferencedFiles(folder);

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
            RouteYaml yaml;
            try {
                yaml = RouteYaml.parse(file, text.get());
            } catch (RouteYaml.SyntaxError e) {
                problems.add(new Problem(file, e.line(), "not valid YAML: " + e.getMessage()));
                continue;
            }
            if (yaml.root() == null) {
                problems.add(new Problem(file, 1, "the file is empty (no routes)"));
                continue;
            }
            for (RouteYaml.DuplicateKey duplicate : yaml.duplicateKeys()) {
                problems.add(new Problem(file, duplicate.line(), "'" + duplicate.key() + "' is written twice (also at line "
                        + duplicate.firstLine() + "); only this one would count"));
            }
            problems.addAll(schemaCheck.check(file, yaml));
            problems.addAll(idRules.check(file, yaml));
            problems.addAll(referencedFiles.check(file, yaml));
        }
        referencedFiles.checkOtherTemplates();
        problems.addAll(referencedFiles.templateProblems());
        problems.sort(Problem.BY_PLACE);
        return new RouteCheckReport(folder.describe(), routeFiles.size(), referencedFiles.count(), List.copyOf(problems));
    }
}
