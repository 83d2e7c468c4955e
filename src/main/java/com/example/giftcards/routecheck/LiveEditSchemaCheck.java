package com.example.giftcards.routecheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.example.giftcards.camel.reload.RouteFileCheck;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Live edits get the same check as {@code --validate-routes} and the start-up: an edited route file must be valid
 * against the Camel YAML DSL schema, with an id on every route and step. Checked on a copy of the folder holding
 * the edited text, so that the check and the reload see the same version.
 */
@Component
@ConditionalOnProperty(name = "camel.main.routes-reload-enabled", havingValue = "true")
public class LiveEditSchemaCheck implements RouteFileCheck {

    @Override
    public List<RouteFileCheck.Problem> check(Path file, String content) {
        if (!file.getFileName().toString().endsWith(".camel.yaml")) {
            return List.of(); // an SQL file or a template: the routes that use it are checked as they reload
        }
        Path copy = null;
        try {
            copy = Files.createTempDirectory("route-edit-check");
            try (Stream<Path> files = Files.list(file.getParent())) {
                for (Path other : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).toList()) {
                    Files.copy(other, copy.resolve(other.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(copy.resolve(file.getFileName()), content);
            String name = file.getFileName().toString();
            return RouteCheck.run(RouteFolder.onDisk(copy)).problems().stream()
                    .filter(problem -> problem.file().equals(name) && !problem.message().contains("not found"))
                    .map(problem -> new RouteFileCheck.Problem(file, problem.line(), problem.message()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(copy);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the system cleans it up
        }
    }
}
