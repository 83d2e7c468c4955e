package com.example.giftcards.routecheck;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Runs the route check at start-up, before Camel (or anything else: broker, databases, HTTP server) starts, so that a
 * broken route file stops the application with one ERROR line per problem ({@code file:line: message}) instead of a
 * stack trace, or - for a missing template - instead of a start that only fails on the first email.
 * <p>
 * Runs when the environment is ready (RoutesLocation has published {@code routes.location}) and right after Spring
 * Boot has set up logging. {@code gift.routes.check-at-startup=false} skips it.
 */
public class RouteCheckAtStartup implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RouteCheckAtStartup.class);

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        String location = environment.getProperty("routes.location");
        if (location == null || !environment.getProperty("gift.routes.check-at-startup", Boolean.class, true)) {
            return;
        }
        RouteCheckReport report = RouteCheck.run(RouteFolder.of(location));
        if (report.ok()) {
            log.info(report.summary());
            return;
        }
        report.problems().forEach(problem -> log.error("{}", problem));
        log.error(report.summary());
        throw new RouteCheckFailedException(report);
    }
}
