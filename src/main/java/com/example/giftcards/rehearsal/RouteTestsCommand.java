package com.example.giftcards.rehearsal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import com.example.giftcards.routecheck.RouteCheckReport;

/**
 * {@code java -jar app.jar --test-routes [DIR]}: runs the route tests in {@code DIR/tests/*.yaml} (DIR: the routes
 * folder, by default the one the service would use) against the route files in DIR, from empty in-memory databases,
 * with no broker, SMTP server or network. The route check runs first. Prints {@code PASS <case>} or
 * {@code FAIL <case>: <what differed>} per case, then {@code N passed, N failed} alone on the last line. Exit code 0
 * only when every case passed (and there is at least one); 1 otherwise; 2 for a wrong command line.
 */
public final class RouteTestsCommand {

    public static final String OPTION = "--test-routes";

    private RouteTestsCommand() {
    }

    public static boolean isRequested(String[] args) {
        return args.length > 0 && (args[0].equals(OPTION) || args[0].startsWith(OPTION + "="));
    }

    public static int runFromCommandLine(String[] args, Class<?> application) {
        CommandLine.quietLibraryLogging();
        return run(args, application, System.out, true);
    }

    /** Every case fails for the same reason (the routes cannot start, say). */
    private static int allFail(List<Path> cases, String why, PrintStream out) {
        cases.forEach(file -> out.println("FAIL " + caseName(file) + ": " + why));
        out.println("0 passed, " + cases.size() + " failed");
        return 1;
    }

    private static String caseName(Path file) {
        try {
            return RouteTestCase.read(file).name();
        } catch (IOException e) {
            return file.getFileName().toString();
        }
    }

    public static int run(String[] args, Class<?> application, PrintStream out, boolean quiet) {
        String dir = args[0].startsWith(OPTION + "=") ? args[0].substring(OPTION.length() + 1) : args.length > 1 ? args[1] : null;
        int expectedArgs = args[0].startsWith(OPTION + "=") || dir == null ? 1 : 2;
        if (args.length > expectedArgs || (dir != null && dir.isBlank())) {
            out.println("Usage: java -jar <application jar> " + OPTION + " [DIR]");
            return 2;
        }
        Path routes = dir == null ? null : Path.of(dir).toAbsolutePath().normalize();
        String missing = CommandLine.missingFolder(routes);
        if (missing != null) {
            out.println(missing);
            out.println("0 passed, 0 failed");
            return 1;
        }
        RouteCheckReport check = CommandLine.checkRoutes(routes);
        if (!check.ok()) {
            CommandLine.printProblems(check, out);
            out.println("0 passed, 0 failed");
            return 1;
        }
        Path testsDir;
        List<Path> cases;
        try (Rehearsal rehearsal = Rehearsal.start(application, RehearsalMode.TEST, routes, quiet)) {
            if (rehearsal.routesDir() == null) {
                out.println("The routes are the copy inside the jar: give the routes folder (--test-routes DIR)");
                out.println("0 passed, 0 failed");
                return 1;
            }
            testsDir = rehearsal.routesDir().resolve("tests");
            cases = RouteTestCase.files(testsDir);
            if (cases.isEmpty()) {
                out.println("No route tests in " + testsDir + " (*.yaml)");
                out.println("0 passed, 0 failed");
                return 1;
            }
            RouteTests tests = new RouteTests(rehearsal);
            try {
                tests.prepareErp(testsDir);
            } catch (Exception e) {
                return allFail(cases, "tests/" + RouteTests.ERP_SCHEMA + " failed: " + Rehearsal.describe(e), out);
            }
            int passed = 0;
            int failed = 0;
            for (Path file : cases) {
                RouteTests.Result result = tests.run(file);
                out.println(result.line());
                if (result.passed()) {
                    passed++;
                } else {
                    failed++;
                }
            }
            out.println(passed + " passed, " + failed + " failed");
            return failed == 0 ? 0 : 1;
        } catch (RehearsalStartException e) {
            String why = (e.location() != null ? e.location() + ": " : "") + "the routes cannot start: " + e.getMessage();
            out.println(why);
            try {
                Path folder = routes != null ? routes : Rehearsal.configuredRoutesFolder();
                return allFail(folder == null ? List.of() : RouteTestCase.files(folder.resolve("tests")), why, out);
            } catch (IOException unreadable) {
                out.println("0 passed, 0 failed");
                return 1;
            }
        } catch (IOException e) {
            out.println("cannot read the route tests: " + e.getMessage());
            out.println("0 passed, 0 failed");
            return 1;
        }
    }
}
