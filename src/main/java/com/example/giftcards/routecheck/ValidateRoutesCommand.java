package com.example.giftcards.routecheck;

import java.io.PrintStream;
import java.nio.file.Path;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.example.giftcards.camel.RoutesLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar app.jar --validate-routes [DIR]}: checks the route files, SQL and templates and exits, without
 * starting the application. Prints each problem as {@code file:line: message}, then a summary line; exit code 0 when
 * there is no problem, 1 when there are, 2 for a wrong command line.
 * <p>
 * Without DIR, the folder is found as the application finds it (see {@link RoutesLocation}): {@code ROUTES_DIR},
 * else {@code ./routes}, else the copy packaged in the jar.
 */
public final class ValidateRoutesCommand {

    public static final String OPTION = "--validate-routes";

    private ValidateRoutesCommand() {
    }

    /** Checked first thing in main, so that Spring does not start at all. */
    public static boolean isRequested(String[] args) {
        return args.length > 0 && (args[0].equals(OPTION) || args[0].startsWith(OPTION + "="));
    }

    /** From main: prints to standard output and returns the exit code. */
    public static int runFromCommandLine(String[] args) {
        quietLibraryLogging();
        return run(args, System.out);
    }

    /** Returns the exit code. */
    static int run(String[] args, PrintStream out) {
        String dir = args[0].startsWith(OPTION + "=") ? args[0].substring(OPTION.length() + 1) : args.length > 1 ? args[1] : null;
        int expectedArgs = args[0].startsWith(OPTION + "=") ? 1 : dir == null ? 1 : 2;
        if (args.length > expectedArgs || (dir != null && dir.isBlank())) {
            out.println("Usage: java -jar <application jar> " + OPTION + " [DIR]");
            return 2;
        }
        RouteFolder folder;
        try {
            folder = dir != null ? RouteFolder.onDisk(Path.of(dir)) : RouteFolder.of(RoutesLocation.resolve(configuredRoutesDir()));
        } catch (IllegalStateException e) { // ROUTES_DIR names no directory
            out.println(e.getMessage());
            return 1;
        }
        if (!folder.exists()) {
            out.println(folder.describe() + " is not a directory");
            return 1;
        }
        RouteCheckReport report = RouteCheck.run(folder);
        report.problems().forEach(out::println);
        out.println(report.summary());
        return report.ok() ? 0 : 1;
    }

    /** ROUTES_DIR as the application would see it without Spring: a system property, else the environment variable. */
    private static String configuredRoutesDir() {
        String configured = System.getProperty("ROUTES_DIR", System.getenv("ROUTES_DIR"));
        return configured == null ? "" : configured;
    }

    /**
     * Spring Boot has not configured logging here, and Logback's fallback prints DEBUG lines of every library to the
     * console; the command's output is the problems and the summary only.
     */
    private static void quietLibraryLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        }
    }
}
