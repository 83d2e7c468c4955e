package com.example.giftcards.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
 * and templates) and as Camel's {@code routes-include-pattern}; a folder on disk also as Camel's
 * {@code routes-reload-directory}, the folder that live edits watch ({@code ROUTES_RELOAD=true}, see
 * {@link com.example.giftcards.camel.reload.RouteEditGuard}). Live edits need that folder: with only the copy in
 * the jar, {@code ROUTES_RELOAD=true} stops the start-up.
 */
public class RoutesLocation implements EnvironmentPostProcessor {

    static final String PACKAGED = "classpath:routes";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String location = resolve(environment.getProperty("ROUTES_DIR", ""));
        boolean reload = environment.getProperty("camel.main.routes-reload-enabled", Boolean.class, false);
        environment.getPropertySources()
                .addFirst(new MapPropertySource("routesLocation", properties(location, reload)));
    }

    static Map<String, Object> properties(String location, boolean reload) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "routes.location", location,
                "camel.main.routes-include-pattern", location + "/*.camel.yaml"));
        if (location.startsWith("file:")) {
            properties.put("camel.main.routes-reload-directory", location.substring("file:".length()));
        } else if (reload) {
            throw new IllegalStateException("ROUTES_RELOAD=true watches a routes folder on disk, but there is none: "
                    + "set ROUTES_DIR, or start in a directory with routes/ (the routes in the jar cannot be edited)");
        }
        return properties;
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
