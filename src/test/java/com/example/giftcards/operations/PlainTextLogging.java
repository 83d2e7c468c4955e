package com.example.giftcards.operations;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.annotation.Configuration;

/**
 * Logging as the application sets it up by default (plain text), for the tests that run after a JSON-logging one in
 * the same JVM: Spring Boot's logging keeps the last context's format until the next application context sets it up
 * again, and tests without one would log JSON.
 */
final class PlainTextLogging {

    private PlainTextLogging() {
    }

    static void restore() {
        LoggingSystem.get(PlainTextLogging.class.getClassLoader()).cleanUp(); // so that the start below sets it up again
        start().close();
    }

    /** Only Spring Boot's logging, set up from application.yaml and these arguments. */
    static org.springframework.context.ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(LoggingOnly.class).web(WebApplicationType.NONE).run(args);
    }

    @Configuration(proxyBeanMethods = false)
    static class LoggingOnly {
    }
}
