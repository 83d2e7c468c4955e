package com.example.giftcards.routecheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The folder the routes are read from: a directory on disk, or the copy packaged in the jar. Only the files directly
 * in it named {@code *.camel.yaml} are route files, as for Camel's {@code routes-include-pattern} (see
 * {@link com.example.giftcards.camel.RoutesLocation}).
 */
public abstract class RouteFolder {

    static final String ROUTE_FILE_SUFFIX = ".camel.yaml";

    /** A Camel resource location as RoutesLocation publishes it: {@code file:/abs/dir} or {@code classpath:routes}. */
    public static RouteFolder of(String location) {
        if (location.startsWith("classpath:")) {
            return new Packaged(location.substring("classpath:".length()));
        }
        return new OnDisk(Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location));
    }

    public static RouteFolder onDisk(Path dir) {
        return new OnDisk(dir);
    }

    /** How the folder is named in the summary line. */
    public abstract String describe();

    /** Names of the route files, sorted. */
    abstract List<String> routeFiles();

    /** The files directly in a subfolder whose names end so, by their paths relative to the folder, sorted. */
    abstract List<String> files(String subfolder, String suffix);

    /** The text of a file, by its path relative to the folder; empty when there is no such file. */
    abstract Optional<String> read(String relativePath);

    /** A directory, rather than a file, at this relative path (a reference to it is not a missing file). */
    abstract boolean isDirectory(String relativePath);

    /** The absolute path of a file of a folder on disk (what Camel loads); empty for the copy in the jar. */
    public abstract Optional<Path> path(String relativePath);

    private static final class OnDisk extends RouteFolder {

        private final Path dir;

        OnDisk(Path dir) {
            this.dir = dir.toAbsolutePath().normalize();
        }

        @Override
        public String describe() {
            return dir.toString();
        }

        @Override
        List<String> routeFiles() {
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(Files::isRegularFile)
                        .map(file -> file.getFileName().toString())
                        .filter(name -> name.endsWith(ROUTE_FILE_SUFFIX))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + dir, e);
            }
        }

        @Override
        List<String> files(String subfolder, String suffix) {
            Path sub = dir.resolve(subfolder);
            if (!Files.isDirectory(sub)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(sub)) {
                return files.filter(Files::isRegularFile)
                        .map(file -> subfolder + "/" + file.getFileName())
                        .filter(name -> name.endsWith(suffix))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + sub, e);
            }
        }

        @Override
        Optional<String> read(String relativePath) {
            Path file = dir.resolve(relativePath).normalize();
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }

        @Override
        boolean isDirectory(String relativePath) {
            return Files.isDirectory(dir.resolve(relativePath).normalize());
        }

        @Override
        public Optional<Path> path(String relativePath) {
            return Optional.of(dir.resolve(relativePath).normalize());
        }

        @Override
        boolean exists() {
            return Files.isDirectory(dir);
        }
    }

    /** The copy in the jar (classpath:routes), which the application falls back to when there is no routes folder. */
    private static final class Packaged extends RouteFolder {

        private final String base;
        private final ClassLoader classLoader = RouteFolder.class.getClassLoader();

        Packaged(String base) {
            this.base = base.replaceAll("^/+|/+$", "");
        }

        @Override
        public String describe() {
            return "classpath:" + base;
        }

        @Override
        List<String> routeFiles() {
            try {
                Resource[] found = new PathMatchingResourcePatternResolver(classLoader)
                        .getResources("classpath:" + base + "/*" + ROUTE_FILE_SUFFIX);
                return Arrays.stream(found).map(Resource::getFilename).sorted().distinct().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list classpath:" + base, e);
            }
        }

        @Override
        List<String> files(String subfolder, String suffix) {
            try {
                Resource[] found = new PathMatchingResourcePatternResolver(classLoader)
                        .getResources("classpath:" + base + "/" + subfolder + "/*" + suffix);
                return Arrays.stream(found).map(r -> subfolder + "/" + r.getFilename()).sorted().distinct().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list classpath:" + base + "/" + subfolder, e);
            }
        }

        @Override
        Optional<String> read(String relativePath) {
            String name = Path.of(base, relativePath).normalize().toString().replace('\\', '/');
            try (InputStream in = classLoader.getResourceAsStream(name)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read classpath:" + name, e);
            }
        }

        @Override
        boolean isDirectory(String relativePath) {
            return false; // the packaged copy only ever holds what the build put there
        }

        @Override
        public Optional<Path> path(String relativePath) {
            return Optional.empty();
        }
    }

    /** False only for a directory on disk that does not exist. */
    boolean exists() {
        return true;
    }
}
