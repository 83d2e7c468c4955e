package com.example.giftcards.routecheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.example.giftcards.GiftCardIntegrationApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
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
    void theCheckThrowsBeforeTheContextIsCreated() {
        assertThatThrownBy(() -> environmentPrepared(Map.of("routes.location", "file:" + brokenRoutes)))
                .isInstanceOf(RouteCheckFailedException.class)
                .satisfies(failure -> assertThat(((RouteCheckFailedException) failure).report().problems()).hasSize(2));
    }

    @Test
    void theCheckCanBeTurnedOff() {
        assertThatNoException().isThrownBy(() -> environmentPrepared(Map.of(
                "routes.location", "file:" + brokenRoutes, "gift.routes.check-at-startup", "false")));
    }

    private static void environmentPrepared(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new RouteCheckAtStartup().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(),
                new SpringApplication(GiftCardIntegrationApplication.class), new String[0], environment));
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
