package com.example.giftcards.rehearsal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.example.giftcards.camel.RoutesLocation;
import com.example.giftcards.routecheck.RouteCheck;
import com.example.giftcards.routecheck.RouteCheckReport;
import com.example.giftcards.routecheck.RouteFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What {@code --try} and {@code --test-routes} share: the route check that runs first, and quiet logging. */
final class CommandLine {

    private CommandLine() {
    }

    /**
     * The route check of {@code --validate-routes} over the folder (null: the one the service would use). Prints its
     * problems ({@code file:line: message}) and summary when there are problems; answers whether there were none.
     */
    static RouteCheckReport checkRoutes(Path dir) {
        RouteFolder folder;
        if (dir != null) {
            folder = RouteFolder.onDisk(dir);
        } else {
            String configured = System.getProperty("ROUTES_DIR", System.getenv("ROUTES_DIR"));
            folder = RouteFolder.of(RoutesLocation.resolve(configured == null ? "" : configured));
        }
        return RouteCheck.run(folder);
    }

    /** Null when the folder is fine, else why not. */
    static String missingFolder(Path dir) {
        return dir == null || Files.isDirectory(dir) ? null : dir + " is not a directory";
    }

    static void printProblems(RouteCheckReport report, PrintStream out) {
        report.problems().forEach(out::println);
        out.println(report.summary());
    }

    /**
     * Spring Boot has not configured logging before the application starts, and Logback's fallback prints DEBUG
     * lines of every library; the commands' output is their report only (the rehearsal starts with logging off).
     */
    static void quietLibraryLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        }
    }
}
