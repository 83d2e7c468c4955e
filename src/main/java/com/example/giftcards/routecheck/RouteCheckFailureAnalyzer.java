package com.example.giftcards.routecheck;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Replaces the stack trace of a failed route check with Spring Boot's "APPLICATION FAILED TO START" block: the
 * problems themselves are already logged, one ERROR line each.
 */
public class RouteCheckFailureAnalyzer extends AbstractFailureAnalyzer<RouteCheckFailedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RouteCheckFailedException cause) {
        RouteCheckReport report = cause.report();
        return new FailureAnalysis(
                "The route files in " + report.location() + " have " + report.problems().size()
                        + " problem(s), listed above as ERROR lines (file:line: message).",
                "Fix them; check an edit without starting the application with: java -jar <application jar> "
                        + ValidateRoutesCommand.OPTION + " <routes folder>",
                cause);
    }
}
