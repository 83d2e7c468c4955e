package com.example.giftcards.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides where the YAML routes, SQL and templates are read from, before Camel starts.
 * <p>
 * {@code ROUTES_DIR} wins when set (and must exist). Otherwise {@code ./routes} in the working directory, so a
 * developer's edits are picked up; otherwise the copy packaged in the jar, so the jar runs from any directory.
 * The result is published as {@code routes.location} (a Camel resource prefix used by the routes for their SQL
 * and templates) and as Camel's {@code routes-include-pattern}.
 */
public class RoutesLocation implements EnvironmentPostProcessor {

    static final String PACKAGED = "classpath:routes";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String location = resolve(environment.getProperty("ROUTES_DIR", ""));
        environment.getPropertySources().addFirst(new MapPropertySource("routesLocation", Map.of(
                "routes.location", location,
                "camel.main.routes-include-pattern", location + "/*.camel.yaml")));
    }

    public static String resolve(String configured) {
        if (!configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("ROUTES_DIR=" + configured + " is not a directory (resolved to " + dir + ")");
            }
            return "file:" + dir;
        }
        Path local = Path.of("routes").toAbsolutePath().normalize();
        return Files.isDirectory(local) ? "file:" + local : PACKAGED;
    }
}
