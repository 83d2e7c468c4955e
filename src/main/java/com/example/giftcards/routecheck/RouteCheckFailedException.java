package com.example.giftcards.routecheck;

/** Stops the start-up; {@link RouteCheckFailureAnalyzer} turns it into Spring Boot's short failure report. */
public class RouteCheckFailedException extends RuntimeException {

    private final transient RouteCheckReport report;

    public RouteCheckFailedException(RouteCheckReport report) {
        super(report.summary());
        this.report = report;
    }

    public RouteCheckReport report() {
        return report;
    }
}
