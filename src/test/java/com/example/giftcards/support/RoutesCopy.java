package com.example.giftcards.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A copy of the repository's {@code routes/} folder in a temporary directory, edited the way the integration team
 * edits it: text replaced in a file, a file added. The application under test is pointed at it.
 */
public final class RoutesCopy {

    private final Path dir;

    private RoutesCopy(Path dir) {
        this.dir = dir;
    }

    public static RoutesCopy ofRepository() {
        try {
            Path source = Path.of("routes").toAbsolutePath();
            Path target = Files.createTempDirectory("routes-copy");
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Path copy = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return new RoutesCopy(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Replaces text that must be there exactly once, as a person editing the file would. */
    public RoutesCopy replace(String file, String text, String replacement) {
        String content = read(file);
        assertThat(content.split(java.util.regex.Pattern.quote(text), -1)).as("%s contains the text to replace once", file).hasSize(2);
        return write(file, content.replace(text, replacement));
    }

    public RoutesCopy write(String file, String content) {
        try {
            Files.writeString(dir.resolve(file), content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String file) {
        try {
            return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
