package com.example.giftcards.routecheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.example.giftcards.GiftCardIntegrationApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.util.FileSystemUtils;

/**
 * A broken route file stops the start-up before anything starts, with one ERROR line per problem and a non-zero
 * exit code; the copy of routes/ here has an unknown step and a missing template (which Camel alone would only
 * notice at the first email).
 */
class RouteCheckAtStartupTest {

    private static final String MISTAKE = """
            - route:
                id: broken-at-start
                description: An unknown step and a missing template
                from:
                  id: broken-at-start-request
                  uri: direct:broken-at-start
                  steps:
                    - setHeadr:
                        id: broken-at-start-header
                        name: x
                        constant: y
                    - to:
                        id: broken-at-start-email
                        uri: mustache:{{routes.location}}/templates/no-such-email.mustache
            """;

    @TempDir
    Path temp;

    private Path brokenRoutes;

    @BeforeEach
    void copyRoutesWithAMistake() throws IOException {
        brokenRoutes = temp.resolve("routes");
        FileSystemUtils.copyRecursively(Path.of("routes"), brokenRoutes);
        Files.writeString(brokenRoutes.resolve("zz-broken.camel.yaml"), MISTAKE);
    }

    @Test
    void theApplicationStopsWithOneErrorLinePerProblemAndANonZeroExitCode() throws Exception {
        // a JVM of its own, as in production (see AppProcess); it should end within seconds, before any service starts
        Path log = temp.resolve("start.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                GiftCardIntegrationApplication.class.getName());
        builder.environment().keySet().removeIf(key -> key.startsWith("ERP_DB_") || key.startsWith("STATE_DB_") || key.startsWith("ROUTES_"));
        // should the check not stop it, nothing it starts may collide with other tests
        builder.environment().putAll(Map.of(
                "ROUTES_DIR", brokenRoutes.toString(),
                "DATA_DIR", temp.resolve("data").toString(),
                "SERVER_PORT", String.valueOf(freePort()),
                "SMTP_PORT", String.valueOf(freePort()),
                "GIFT_BROKER_EMBEDDED_TCP_URL", "tcp://localhost:" + freePort()));
        Process app = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();

        boolean ended = app.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            app.destroyForcibly().waitFor();
        }
        List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);

        assertThat(ended).as("the application ended by itself; its output:\n%s", String.join("\n", output)).isTrue();
        assertThat(app.exitValue()).isNotZero();
        List<String> errors = output.stream().filter(line -> line.contains(" ERROR ")).map(line -> line.substring(line.indexOf(" : ") + 3)).toList();
        assertThat(errors).hasSizeGreaterThanOrEqualTo(3);
        assertThat(errors.subList(0, 2)).containsExactly(
                "zz-broken.camel.yaml:8: unknown step 'setHeadr'",
                "zz-broken.camel.yaml:14: template templates/no-such-email.mustache not found");
        assertThat(errors.get(2)).startsWith("Checked " + routeFileCount() + " route files and ")
                .endsWith(" in " + brokenRoutes + ": 2 problems.");
        assertThat(String.join("\n", output))
                .contains("APPLICATION FAILED TO START")
                .doesNotContain("Exception in thread", "\tat ") // no stack trace
                .doesNotContain("Apache Camel", "Tomcat", "ActiveMQ"); // nothing started
    }

    @Test
    void theCheckStopsTheStartWhileSpringBootPreparesTheEnvironmentBeforeAnyContextExists() {
        List<String> reached = new ArrayList<>();

        assertThatThrownBy(() -> start(reached, "--ROUTES_DIR=" + brokenRoutes))
                .isInstanceOf(RouteCheckFailedException.class)
                .satisfies(failure -> assertThat(((RouteCheckFailedException) failure).report().problems()).hasSize(2));
        // the real start-up, registered as the application registers it (spring.factories): the environment was
        // prepared, the start failed, and no application context was ever created, let alone refreshed
        assertThat(reached).contains("ApplicationEnvironmentPreparedEvent", "ApplicationFailedEvent")
                .doesNotContain("context created", "ApplicationContextInitializedEvent", "ApplicationPreparedEvent");
    }

    @Test
    void theCheckCanBeTurnedOff() {
        List<String> reached = new ArrayList<>();

        // the same broken routes, and the start goes on as far as creating the context (where this test stops it)
        assertThatThrownBy(() -> start(reached, "--ROUTES_DIR=" + brokenRoutes, "--gift.routes.check-at-startup=false"))
                .isInstanceOf(ContextReached.class);
        assertThat(reached).contains("ApplicationEnvironmentPreparedEvent", "context created");
    }

    /**
     * Starts the application in this JVM as main does, recording the start-up events it reaches; should it get as
     * far as creating its context, it is stopped there ({@link ContextReached}), before any bean exists.
     */
    private static void start(List<String> reached, String... args) {
        SpringApplication application = new SpringApplication(GiftCardIntegrationApplication.class);
        application.addListeners(new EventsReached(reached));
        application.addInitializers(context -> {
            reached.add("context created");
            throw new ContextReached();
        });
        application.run(args);
    }

    private static final class ContextReached extends RuntimeException {
    }

    /** Records each start-up event, first of all the listeners (so also the one whose listeners throw). */
    private record EventsReached(List<String> reached) implements ApplicationListener<ApplicationEvent>, Ordered {

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            reached.add(event.getClass().getSimpleName());
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    private int routeFileCount() throws IOException {
        try (var files = Files.list(brokenRoutes)) {
            return (int) files.filter(file -> file.getFileName().toString().endsWith(".camel.yaml")).count();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
