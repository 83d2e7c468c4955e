package com.example.giftcards.camel.reload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.giftcards.dialect.DialectSqlFiles;
import com.example.giftcards.routecheck.Problem;
import com.example.giftcards.routecheck.RouteFileCheck;
import com.example.giftcards.routecheck.RouteFolder;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.LineNumberAware;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.CatchDefinition;
import org.apache.camel.model.EndpointRequiredDefinition;
import org.apache.camel.model.ExpressionNode;
import org.apache.camel.model.IdempotentConsumerDefinition;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.PolicyDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.errorhandler.DeadLetterChannelDefinition;
import org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition;
import org.apache.camel.model.language.MethodCallExpression;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesBuilderLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceSupport;
import org.apache.camel.util.FileUtil;
import org.apache.camel.util.URISupport;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Reads a route file the way Camel will, without adding anything to Camel: what the file holds and uses
 * ({@link RouteFile}, for {@link RouteEditGuard}), and, as the first link of a live edit's route check
 * ({@link com.example.giftcards.routecheck.RouteCheck#checkEdit}), what Camel would fail on or run badly: YAML that does
 * not parse, an unknown step or option (Camel's YAML DSL, with its line numbers), a property placeholder that does not
 * resolve, a route id another file already runs, a bean that a step calls by name ({@code bean}, {@code method},
 * {@code policy}, {@code idempotentRepository}) and that does not exist, an exception class that does not exist, and
 * an endpoint Camel cannot create (unknown component or option). Missing or empty SQL files and templates, and
 * templates that do not compile, are the route check's other links' (as for {@code --validate-routes}). What none
 * can see (an SQL statement the database refuses) is found by Camel when it starts the routes; {@link RouteEditGuard}
 * then puts the previous routes back.
 */
public class CamelRouteFileCheck implements RouteFileCheck {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^{}]+}}");
    private static final Pattern FUNCTION = Pattern.compile("\\{\\{([\\w-]+):([^{}]+)}}");
    private static final Pattern COMMENT = Pattern.compile("(^|\\s)#.*$");

    private final CamelContext camel;

    public CamelRouteFileCheck(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * A route file as Camel reads it: its routes (id to line), the endpoints of its steps and error handlers with their
     * placeholders resolved (dynamic ones left out), the files they name, the beans called by name and the exception
     * classes caught (each to the line of the first step naming it), and whether it declares route configurations
     * (which other files' routes use).
     */
    public record RouteFile(Map<String, Integer> routes, Map<String, Integer> endpoints, Map<Path, Integer> resources,
            Map<String, Integer> beans, Map<String, Integer> classes, boolean routeConfigurations,
            Map<Path, Integer> dialectFiles) {

        /**
         * Whether an edit of this file concerns the routes: a file they name, or a dialect's version of one that they
         * would run instead once it exists ({@code {{erp-sql:x.sql}}} on MariaDB: {@code sql/x.mariadb.sql}).
         */
        public boolean uses(Path file) {
            return resources.containsKey(file) || dialectFiles.containsKey(file);
        }
    }

    /** The route file could not be read; the problem says where and why. */
    public static final class UnreadableRouteFile extends Exception {
        private final transient Problem problem;

        UnreadableRouteFile(Problem problem) {
            super(problem.message());
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    @Override
    public List<Problem> check(RouteFolder folder, String name, String content) {
        return check(folder.path(name).orElseThrow(() -> new IllegalStateException("live edits need a folder on disk")),
                content);
    }

    /** The problems of this version of a route file (an absolute path) that Camel would fail on or run badly. */
    public List<Problem> check(Path file, String content) {
        RouteFile routeFile;
        try {
            routeFile = read(file, content);
        } catch (UnreadableRouteFile e) {
            return List.of(e.problem());
        }
        List<Problem> problems = new ArrayList<>();
        routeFile.routes().forEach((id, line) -> {
            Route running = camel.getRoute(id);
            Resource source = running == null ? null : running.getSourceResource();
            if (running != null && (source == null || !isFile(source, file))) {
                String where = source == null ? "a route not from a file" : source.getLocation();
                problems.add(problem(file, line, "route id " + id + " is already used by " + where));
            }
        });
        routeFile.beans().forEach((bean, line) -> {
            if (camel.getRegistry().lookupByName(bean) == null) {
                problems.add(problem(file, line, "no bean is named " + bean));
            }
        });
        routeFile.classes().forEach((type, line) -> {
            if (camel.getClassResolver().resolveClass(type) == null) {
                problems.add(problem(file, line, "no class is named " + type));
            }
        });
        problems.addAll(unresolvedPlaceholders(file, content));
        if (problems.isEmpty()) {
            routeFile.endpoints().forEach((uri, line) -> checkEndpoint(file, line, uri).ifPresent(problems::add));
        }
        return problems;
    }

    /** Property placeholders anywhere in the file but in comments ({@code {{gift.queues.erp}}}) that do not resolve. */
    private List<Problem> unresolvedPlaceholders(Path file, String content) {
        List<Problem> problems = new ArrayList<>();
        List<String> lines = content.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher placeholder = PLACEHOLDER.matcher(COMMENT.matcher(lines.get(i)).replaceFirst(""));
            while (placeholder.find()) {
                try {
                    camel.resolvePropertyPlaceholders(placeholder.group());
                } catch (RuntimeException e) {
                    problems.add(problem(file, i + 1, e.getMessage()));
                }
            }
        }
        return problems;
    }

    /** Parses the file with Camel's loader for its extension and gathers what it holds; nothing is added to Camel. */
    public RouteFile read(Path file, String content) throws UnreadableRouteFile {
        if (content.isBlank()) {
            throw new UnreadableRouteFile(problem(file, 1, "the file is empty"));
        }
        Resource resource = version(file, content);
        RouteBuilder builder;
        List<RouteDefinition> routes;
        List<RouteConfigurationDefinition> configurations = List.of();
        try {
            RoutesBuilderLoader loader = PluginHelper.getRoutesLoader(camel)
                    .getRoutesLoader(FileUtil.onlyExt(file.getFileName().toString(), false));
            if (loader == null) {
                throw new UnreadableRouteFile(problem(file, 0, "Camel has no loader for this kind of file"));
            }
            RoutesBuilder loaded = loader.loadRoutesBuilder(resource);
            if (!(loaded instanceof RouteBuilder routeBuilder)) {
                throw new UnreadableRouteFile(problem(file, 0, "Camel read no routes from it"));
            }
            builder = routeBuilder;
            routes = builder.configureRoutes(camel).getRoutes();
            if (builder instanceof RouteConfigurationBuilder configurationBuilder) {
                configurationBuilder.configuration();
                configurations = configurationBuilder.getRouteConfigurationCollection().getRouteConfigurations();
            }
        } catch (UnreadableRouteFile e) {
            throw e;
        } catch (Exception e) {
            throw new UnreadableRouteFile(problemOf(e, file, Map.of()));
        }

        Map<String, Integer> ids = new LinkedHashMap<>();
        List<Object> steps = new ArrayList<>();
        for (RouteDefinition route : routes) {
            if (route.getRouteId() != null) {
                ids.put(route.getRouteId(), lineOf(route.getInput()));
            }
            steps.add(route.getInput());
            steps.addAll(ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ProcessorDefinition.class));
        }
        for (RouteConfigurationDefinition configuration : configurations) {
            for (OnExceptionDefinition onException : configuration.getOnExceptions()) {
                steps.addAll(ProcessorDefinitionHelper.filterTypeInOutputs(List.of(onException), ProcessorDefinition.class));
            }
            if (configuration.getErrorHandler() != null) {
                steps.add(configuration.getErrorHandler().getErrorHandlerType());
            }
        }
        Map<String, Integer> endpoints = new LinkedHashMap<>();
        Map<Path, Integer> resources = new LinkedHashMap<>();
        Map<Path, Integer> dialectFiles = new LinkedHashMap<>();
        Map<String, Integer> beans = new LinkedHashMap<>();
        Map<String, Integer> classes = new LinkedHashMap<>();
        for (Object step : steps) {
            for (String bean : beansNamedBy(step)) {
                beans.putIfAbsent(resolve(file, step, bean).replaceFirst("^#(bean:)?", ""), lineOf(step, bean, content));
            }
            for (String type : step instanceof OnExceptionDefinition on ? on.getExceptions()
                    : step instanceof CatchDefinition doCatch ? doCatch.getExceptions() : List.<String>of()) {
                classes.putIfAbsent(resolve(file, step, type), lineOf(step, type, content));
            }
            String uri = step instanceof EndpointRequiredDefinition endpoint ? endpoint.getEndpointUri()
                    : step instanceof DeadLetterChannelDefinition deadLetters ? deadLetters.getDeadLetterUri() : null;
            if (uri != null) {
                int line = lineOf(step, uri, content);
                dialectFilesNamedBy(uri, resources, dialectFiles, line);
                uri = resolve(file, step, uri);
                if (!(step instanceof ToDynamicDefinition)) {
                    endpoints.putIfAbsent(uri, line);
                }
                Path used = fileNamedBy(uri);
                if (used != null) {
                    resources.putIfAbsent(used, line);
                }
            }
        }
        return new RouteFile(ids, endpoints, resources, beans, classes, !configurations.isEmpty(), dialectFiles);
    }

    /**
     * The files a dialect function ({@code {{erp-sql:x.sql}}}, see {@link DialectSqlFiles}) may run: the default one
     * must exist, whichever runs; the dialect's own is watched, so that creating, editing or deleting it reloads.
     */
    private void dialectFilesNamedBy(String uri, Map<Path, Integer> resources, Map<Path, Integer> dialectFiles, int line) {
        Matcher function = FUNCTION.matcher(uri);
        while (function.find()) {
            if (camel.getPropertiesComponent().getPropertiesFunction(function.group(1)) instanceof DialectSqlFiles files) {
                for (DialectSqlFiles.Candidate candidate : files.candidates(function.group(2))) {
                    if (candidate.path() != null) {
                        (candidate.required() ? resources : dialectFiles).putIfAbsent(candidate.path(), line);
                    }
                }
            }
        }
    }

    /**
     * The beans a step calls by name: bean, method (in an expression), policy, idempotent repository, and an error
     * handler's redelivery policy and on-redelivery processor.
     */
    private static List<String> beansNamedBy(Object step) {
        List<String> names = new ArrayList<>();
        if (step instanceof BeanDefinition bean) {
            names.add(bean.getRef());
        } else if (step instanceof PolicyDefinition policy) {
            names.add(policy.getRef());
        } else if (step instanceof IdempotentConsumerDefinition idempotent) {
            names.add(idempotent.getIdempotentRepository());
        } else if (step instanceof ExpressionNode node && node.getExpression() instanceof MethodCallExpression method) {
            names.add(method.getRef());
        } else if (step instanceof DefaultErrorHandlerDefinition errorHandler) {
            names.add(errorHandler.getRedeliveryPolicyRef());
            names.add(errorHandler.getOnRedeliveryRef());
        }
        names.removeIf(Objects::isNull);
        return names;
    }

    private String resolve(Path file, Object step, String text) throws UnreadableRouteFile {
        try {
            return camel.resolvePropertyPlaceholders(text);
        } catch (RuntimeException e) {
            throw new UnreadableRouteFile(problem(file, lineOf(step), e.getMessage()));
        }
    }

    /**
     * The problem an exception from Camel (parsing, or starting routes) stands for, on one line: where YAML was
     * refused, or the route Camel could not start.
     */
    static Problem problemOf(Throwable failure, Path file, Map<String, Integer> routeLines) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException yaml) {
                int line = yaml.getProblemMark().or(yaml::getContextMark).map(m -> m.getLine() + 1).orElse(0);
                String context = yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")";
                return problem(file, line, yaml.getProblem() + context);
            }
        }
        String routeId = null;
        for (Throwable t = failure; t != null && routeId == null; t = t.getCause()) {
            if (t instanceof FailedToStartRouteException start) {
                routeId = start.getRouteId();
            } else if (t instanceof FailedToCreateRouteException create) {
                routeId = create.getRouteId();
            }
        }
        Throwable shown = failure;
        while (shown instanceof RuntimeCamelException && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage() == null ? shown.getClass().getName() : shown.getMessage();
        return problem(file, routeId == null ? 0 : routeLines.getOrDefault(routeId, 0), message);
    }

    /** A problem of a route file, named as in the routes folder (where route files are), on one line. */
    static Problem problem(Path file, int line, String message) {
        return new Problem(file.getFileName().toString(), line, String.valueOf(message).replaceAll("\\s+", " ").strip());
    }

    /** The file an endpoint names as its resource ({@code sql:file:/…}, {@code mustache:file:/…}), if any. */
    private static Path fileNamedBy(String uri) {
        String path = uri.substring(uri.indexOf(':') + 1);
        if (!path.startsWith("file:")) {
            return null;
        }
        int query = path.indexOf('?');
        String name = path.substring("file:".length(), query < 0 ? path.length() : query);
        return Path.of(name).toAbsolutePath().normalize();
    }

    /**
     * Creates the endpoint as Camel will, without registering or starting it: an unknown component or option fails
     * here. (Camel would fail only when it starts the route, after it has started the routes above it in the file.)
     */
    private Optional<Problem> checkEndpoint(Path file, int line, String uri) {
        Path named = fileNamedBy(uri);
        if (named != null && !hasText(named)) {
            return Optional.empty(); // missing or empty: the route check's files link says so, in its words
        }
        String scheme = uri.substring(0, Math.max(uri.indexOf(':'), 0));
        Component component = scheme.isEmpty() ? null : camel.getComponent(scheme);
        if (component == null) {
            return Optional.of(problem(file, line, "no Camel component for " + URISupport.sanitizeUri(uri)));
        }
        try {
            component.createEndpoint(uri);
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(problem(file, line, e.getMessage()));
        }
    }

    private boolean hasText(Path file) {
        Resource found = PluginHelper.getResourceLoader(camel).resolveResource("file:" + file);
        if (found == null || !found.exists()) {
            return false;
        }
        try (InputStream in = found.getInputStream()) {
            return !new String(in.readAllBytes(), StandardCharsets.UTF_8).isBlank();
        } catch (IOException e) {
            return false;
        }
    }

    /** The line of a definition; for one without (an error handler), the first line naming what it names. */
    private static int lineOf(Object definition, String named, String content) {
        int line = lineOf(definition);
        if (line == 0) {
            List<String> lines = content.lines().toList();
            for (int i = 0; i < lines.size() && line == 0; i++) {
                line = lines.get(i).contains(named) ? i + 1 : 0;
            }
        }
        return line;
    }

    private static int lineOf(Object definition) {
        return definition instanceof LineNumberAware aware && aware.getLineNumber() > 0 ? aware.getLineNumber() : 0;
    }

    /** This version of a route file, as a Camel resource of the file's location (what its routes show as source). */
    static Resource version(Path file, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new ResourceSupport("file", "file:" + file) {
            @Override
            public boolean exists() {
                return true;
            }

            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public URI getURI() {
                return file.toUri(); // escaped, unlike the location
            }
        };
    }

    static boolean isFile(Resource resource, Path file) {
        String location = resource.getLocation();
        return location != null && location.startsWith("file:")
                && Path.of(location.substring("file:".length())).toAbsolutePath().normalize().equals(file);
    }
}
