package com.example.giftcards.camel.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import com.example.giftcards.camel.reload.CamelRouteFileCheck.RouteFile;
import com.example.giftcards.camel.reload.CamelRouteFileCheck.UnreadableRouteFile;
import com.example.giftcards.routecheck.Problem;
import com.example.giftcards.routecheck.RouteCheck;
import com.example.giftcards.routecheck.RouteFileCheck;
import com.example.giftcards.routecheck.RouteFolder;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.component.ResourceEndpoint;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands between Camel's file watcher and Camel's own route reload ({@link RouteWatcherReloadStrategy}, configured
 * by {@code camel.main.routes-reload-*}) and adds what Camel lacks:
 * <ul>
 * <li>An edit is handled once the file has been quiet for {@value #QUIET_MS} ms, so that an editor's truncate and
 * write (two events) is one edit, and not first an empty file. A save that changes nothing is ignored.</li>
 * <li>A route file is checked ({@link RouteCheck#checkEdit}: Camel's own reading first, then the same check as
 * {@code --validate-routes}) before Camel sees it. A refused edit is one ERROR line with
 * the file and the line, and Camel is not called: the routes loaded before keep running. (Camel alone logs a WARN
 * with a stack trace; for a file naming a missing SQL file it has already removed the routes and does not start
 * them again.) If Camel still fails to start the edited routes, the version that ran before is loaded again.</li>
 * <li>An SQL file or template is read by Camel only when its endpoint is created, so an edit to one reloads the
 * route files whose steps name it, after the same check; so does an edit to the ERP dialect's own version of an SQL
 * file named with {@code {{erp-sql:…}}} (on MariaDB {@code x.mariadb.sql}: created, edited or deleted).</li>
 * <li>A template no step names (one chosen per message, such as a language's email template, see
 * {@code allowTemplateFromHeader}) is compiled first, then the endpoints that read it read it again, and what
 * remembers which templates exist ({@link TemplateFolderCache}) looks again: a new language is used at once.</li>
 * <li>Routes that are no longer in an edited file are stopped and removed (Camel would leave them running).</li>
 * <li>Routes are built with the route configurations of the moment, so an edit to a file of route configurations
 * reloads the other route files too; if one of them cannot be started with the new configurations, the old
 * configurations and routes are put back.</li>
 * </ul>
 * Camel reloads the routes of one file at a time: each is stopped gracefully (its in-flight exchanges finish, on
 * the old route), removed, and started again from the new version. Around that, each edit is one swap for every
 * event ({@link #swapping}): the queue consumers (the legs) pause and their events in flight finish, the
 * {@link EditGate} holds new HTTP requests and lets those in flight finish, and only then does Camel swap the routes
 * (of one file, or of every file after a route-configuration edit); so an event, webhook or leg, runs entirely on the
 * routes from before the edit or entirely on those after it, and a webhook waits instead of being refused. The checks
 * run before the swap, so a refused edit holds nothing. Everything here runs on one thread.
 * Kept over Camel's own reload: Camel 4.17 (our BOM) restores nothing after a failed reload (4.23 does, CAMEL-24899;
 * for routes loaded at start-up 4.24, CAMEL-26444), checks no edit first and reloads no route for an SQL/template edit.
 */
public final class RouteEditGuard implements ResourceReload {

    static final long QUIET_MS = 300;
    private static final Logger LOG = LoggerFactory.getLogger(RouteEditGuard.class);

    private final CamelContext camel;
    private final Path folder;
    private final ResourceReload camelReload;
    private final CamelRouteFileCheck reader;
    private final List<RouteFileCheck> checks;
    private final List<TemplateFolderCache> templateCaches;
    private final EditGate gate;
    private final ScheduledExecutorService executor;
    private final Map<Path, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    // Used on the executor's thread only.
    private final Map<Path, Loaded> loaded = new HashMap<>();
    private final Map<Path, String> lastSeen = new HashMap<>();
    /** While a swap runs: the queue consumers it paused (the legs), resumed when it ends. */
    private Set<Consumer> paused;

    /** The version of a route file that runs. */
    private record Loaded(String content, RouteFile routeFile) {
    }

    private RouteEditGuard(CamelContext camel, RouteWatcherReloadStrategy reloader, CamelRouteFileCheck reader,
            List<RouteFileCheck> checks, List<TemplateFolderCache> templateCaches, EditGate gate) {
        this.camel = camel;
        this.folder = Path.of(reloader.getFolder()).toAbsolutePath().normalize();
        this.camelReload = reloader.getResourceReload();
        this.reader = reader;
        this.checks = List.copyOf(checks);
        this.templateCaches = List.copyOf(templateCaches);
        this.gate = gate;
        this.executor = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "RouteEditGuard");
    }

    /** Puts a guard between the started reload strategy's watcher and its reload. */
    public static RouteEditGuard install(CamelContext camel, RouteWatcherReloadStrategy reloader,
            CamelRouteFileCheck reader, List<RouteFileCheck> checks, List<TemplateFolderCache> templateCaches,
            EditGate gate) {
        RouteEditGuard guard = new RouteEditGuard(camel, reloader, reader, checks, templateCaches, gate);
        guard.rememberWhatRuns();
        reloader.setResourceReload(guard);
        LOG.info("Live edits on: route files, SQL and templates in {} are checked, then reloaded", guard.folder);
        return guard;
    }

    /** From Camel's file watcher: a file matching the pattern was created, modified or deleted. */
    @Override
    public void onReload(String name, Resource resource) {
        Path file = Path.of(name).toAbsolutePath().normalize();
        pending.compute(file, (f, earlier) -> {
            if (earlier != null) {
                earlier.cancel(false);
            }
            return executor.schedule(() -> changed(f), QUIET_MS, TimeUnit.MILLISECONDS);
        });
    }

    private void rememberWhatRuns() {
        for (Path file : routeFiles()) {
            String content = read(file);
            lastSeen.put(file, content);
            try {
                RouteFile routeFile = reader.read(file, content);
                loaded.put(file, new Loaded(content, routeFile));
                routeFile.resources().keySet().forEach(resource -> lastSeen.put(resource, read(resource)));
                routeFile.dialectFiles().keySet().forEach(resource -> lastSeen.put(resource, read(resource)));
            } catch (UnreadableRouteFile e) {
                LOG.warn("{} changed while Camel started: {}; its next edit is checked as usual", file, e.getMessage());
            }
        }
    }

    private void changed(Path file) {
        try {
            String content = read(file);
            if (Objects.equals(content, lastSeen.get(file))) {
                return; // nothing new: a second event of one save, or only the timestamp changed
            }
            lastSeen.put(file, content);
            if (isRouteFile(file)) {
                routeFileChanged(file, content);
            } else if (!resourceChanged(file) && file.getFileName().toString().endsWith(".mustache")) {
                templateChanged(file, content);
            }
        } catch (RuntimeException e) {
            LOG.error("Could not handle the edit of {}: {}", file, oneLine(e));
        }
    }

    private void routeFileChanged(Path file, String content) {
        Loaded running = loaded.get(file);
        if (content == null) {
            if (running != null) {
                LOG.warn("{} was deleted: its routes keep running until the next restart", file);
            }
        } else if (running != null && running.content().equals(content)) {
            LOG.info("{} is back to the version that runs: nothing to reload", file);
        } else {
            apply(file, content, true);
        }
    }

    /**
     * Reloads the route files whose steps use this SQL file or template: the newest version seen of each (which may
     * be one refused for naming this very file when it did not exist yet), else the version that runs. False when
     * no route file names it.
     */
    private boolean resourceChanged(Path resource) {
        boolean used = false;
        for (Path file : routeFiles()) {
            Loaded running = loaded.get(file);
            String newest = lastSeen.get(file);
            boolean newestRuns = running != null && running.content().equals(newest);
            RouteFile newestFile = newest == null ? null : newestRuns ? running.routeFile() : readOrNull(file, newest);
            String version = null;
            if (newestFile != null && newestFile.uses(resource)) {
                version = newest;
            } else if (running != null && running.routeFile().uses(resource)) {
                version = running.content();
            }
            if (version != null) {
                used = true;
                LOG.info("{} changed: reloading the routes of {}", resource, file);
                apply(file, version, false);
            }
        }
        if (!used) {
            LOG.debug("{} changed; no route names it", resource);
        }
        return used;
    }

    /**
     * A template no route names, read by endpoints chosen per message: checked, then read again by the endpoints that
     * have read it (they keep what they compiled), and looked for again by what remembers which templates exist. A
     * template that does not compile is refused: emails go on with what was read before.
     */
    private void templateChanged(Path template, String content) {
        if (content != null) {
            Optional<Problem> broken = RouteCheck.checkTemplate(folder.relativize(template).toString(), content);
            if (broken.isPresent()) {
                refuse(List.of(broken.get()), "Emails keep using the templates read before.");
                return;
            }
        }
        swapping(template, () -> { // an email's subject, text and HTML from one version of the templates
            for (Endpoint endpoint : camel.getEndpoints()) {
                if (endpoint instanceof ResourceEndpoint reads && reads(reads.getResourceUri(), template)) {
                    reads.clearContentCache();
                }
            }
            templateCaches.forEach(cache -> cache.templateChanged(template));
        });
        LOG.info("{} {}: the next email that uses it reads it", template, content == null ? "was deleted" : "changed");
    }

    private static boolean reads(String resourceUri, Path template) {
        if (resourceUri == null || !resourceUri.startsWith("file:")) {
            return false;
        }
        int query = resourceUri.indexOf('?');
        String name = resourceUri.substring("file:".length(), query < 0 ? resourceUri.length() : query);
        return Path.of(name).toAbsolutePath().normalize().equals(template);
    }

    private RouteFile readOrNull(Path file, String content) {
        try {
            return reader.read(file, content);
        } catch (UnreadableRouteFile e) {
            return null;
        }
    }

    /**
     * Loads this version of a route file, or logs the one ERROR line of its refusal. With {@code others} (an edit of
     * the file itself), a file of route configurations also reloads the other route files, whose routes were built
     * with the configurations as they were; if one of them cannot start with the new configurations, the
     * configurations and routes that ran before are put back. Checked first, then swapped in one {@link #swapping}.
     */
    private void apply(Path file, String content, boolean others) {
        Loaded before = loaded.get(file);
        Checked edit = check(file, content);
        if (edit.refusal() != null) {
            refuse(edit.refusal().problems(), edit.refusal().outcome());
            return;
        }
        // the files of queue consumers last: a new leg route then starts with every route it calls new already
        List<Path> rebuilt = !others || !edit.routeFile().routeConfigurations() ? List.of()
                : routeFiles().stream().filter(other -> !other.equals(file) && loaded.containsKey(other))
                        .sorted(Comparator.comparing(this::takesFromQueues)).toList();
        Map<Path, RouteFile> rebuiltFiles = new HashMap<>();
        for (Path other : rebuilt) {
            Checked again = check(other, loaded.get(other).content());
            if (again.refusal() != null) {
                refuseConfigurations(file, other, again.refusal(), "The routes loaded before keep running.");
                return;
            }
            rebuiltFiles.put(other, again.routeFile());
        }
        swapping(file, () -> {
            Refusal refusal = swap(file, content, edit.routeFile());
            if (refusal != null) {
                refuse(refusal.problems(), refusal.outcome());
                return;
            }
            List<Path> reloaded = new ArrayList<>();
            for (Path other : rebuilt) {
                LOG.info("Route configurations changed in {}: reloading the routes of {}", file, other);
                reloaded.add(other);
                Refusal broken = swap(other, loaded.get(other).content(), rebuiltFiles.get(other));
                if (broken != null) {
                    load(file, before == null ? "[]" : before.content());
                    reloaded.forEach(again -> load(again, loaded.get(again).content()));
                    refuseConfigurations(file, other, broken,
                            "The route configurations and routes loaded before are put back.");
                    return;
                }
            }
        });
    }

    private void refuseConfigurations(Path file, Path other, Refusal broken, String outcome) {
        Problem cause = broken.problems().get(0);
        refuse(List.of(new Problem(name(file), 0, "the routes of " + other.getFileName() + " cannot start with it ("
                + cause.file() + " line " + cause.line() + ": " + cause.message() + ")")), outcome);
    }

    /**
     * Runs a swap as one step for every event. First the queue consumers (the legs) pause and the events they are
     * processing finish; then the {@link EditGate} waits for the HTTP requests in flight and holds new ones (after
     * the legs, so that webhooks are not held while a leg finishes an event). Consumers the swap starts (the new
     * versions of leg routes, whose files a route-configuration edit reloads last) pause at once too, so that a leg
     * event does not run on some new and some old routes; at the end every paused consumer still in use resumes, and
     * the held requests go in. Camel's route and consumer health checks (readiness) would report the routes being
     * swapped as stopped, and the service DOWN for that moment: they sit the swap out.
     */
    private void swapping(Path edited, Runnable swap) {
        List<HealthCheckRepository> pausedChecks = pauseRouteHealthChecks();
        paused = new LinkedHashSet<>();
        long pausing = System.nanoTime();
        long closing = pausing;
        int held = 0;
        boolean closed = false;
        try {
            pauseQueueConsumers();
            closing = System.nanoTime();
            closed = gate.close();
            swap.run();
        } finally {
            if (closed) {
                held = gate.open();
            }
            resumeQueueConsumers();
            paused = null;
            pausedChecks.forEach(repository -> repository.setEnabled(true));
            long end = System.nanoTime();
            LOG.info("Swap for {} done: requests held for {} ms ({} waiting), leg consumers paused for {} ms", edited,
                    TimeUnit.NANOSECONDS.toMillis(end - closing), held, TimeUnit.NANOSECONDS.toMillis(end - pausing));
        }
    }

    /** Pauses the queue consumers not paused yet, then waits until none of their routes has an event in flight. */
    private void pauseQueueConsumers() {
        List<Route> pausing = camel.getRoutes().stream()
                .filter(route -> isQueueConsumer(route) && !paused.contains(route.getConsumer())
                        && ServiceHelper.isStarted(route.getConsumer()))
                .toList();
        for (Route route : pausing) {
            try {
                ServiceHelper.suspendService(route.getConsumer()); // the JMS listener stops taking messages
                paused.add(route.getConsumer());
            } catch (Exception e) {
                LOG.warn("Could not pause {} for the swap: {}", route.getRouteId(), oneLine(e));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(camel.getShutdownStrategy().getTimeout());
        while (pausing.stream().anyMatch(route -> camel.getInflightRepository().size(route.getRouteId()) > 0)) {
            if (System.nanoTime() > deadline) {
                LOG.warn("Leg events still in flight after {} s: the routes are swapped nonetheless",
                        camel.getShutdownStrategy().getTimeout());
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Resumes the paused consumers that are still their route's (a swapped route has a consumer of its own). */
    private void resumeQueueConsumers() {
        for (Route route : camel.getRoutes()) {
            if (paused.contains(route.getConsumer())) {
                try {
                    ServiceHelper.resumeService(route.getConsumer());
                } catch (Exception e) {
                    LOG.error("Could not resume {} after the swap: {}", route.getRouteId(), oneLine(e));
                }
            }
        }
    }

    private boolean takesFromQueues(Path file) {
        return camel.getRoutes().stream().anyMatch(route -> isQueueConsumer(route) && route.getSourceResource() != null
                && CamelRouteFileCheck.isFile(route.getSourceResource(), file));
    }

    /** A route fed by a queue (the legs): its consumer pauses during a swap, its messages wait on the queue. */
    private static boolean isQueueConsumer(Route route) {
        String uri = route.getEndpoint().getEndpointUri();
        return uri.startsWith("jms:") || uri.startsWith("activemq:");
    }

    /** Why a version of a route file was not loaded, and what runs instead. */
    private record Refusal(List<Problem> problems, String outcome) {
    }

    /** This version of a route file, checked: what it holds, or why it is refused. */
    private record Checked(RouteFile routeFile, Refusal refusal) {
    }

    private Checked check(Path file, String content) {
        List<Problem> problems;
        try {
            problems = RouteCheck.checkEdit(RouteFolder.onDisk(folder), name(file), content, checks);
        } catch (RuntimeException e) {
            problems = List.of(new Problem(name(file), 0, "the check failed: " + oneLine(e)));
        }
        if (!problems.isEmpty()) {
            return new Checked(null, new Refusal(problems, "The routes loaded before keep running."));
        }
        try {
            return new Checked(reader.read(file, content), null);
        } catch (UnreadableRouteFile e) {
            return new Checked(null, new Refusal(List.of(e.problem()), "The routes loaded before keep running."));
        }
    }

    /** Checks this version of a route file and hands it to Camel; on failure the version that ran comes back. */
    private Refusal load(Path file, String content) {
        Checked checked = check(file, content);
        return checked.refusal() != null ? checked.refusal() : swap(file, content, checked.routeFile());
    }

    /** Hands a checked version of a route file to Camel; on failure the version that ran comes back. */
    private Refusal swap(Path file, String content, RouteFile routeFile) {
        try {
            // first, so that a renamed route does not clash with its old self (same endpoint)
            removeRoutesNoLongerIn(file, routeFile.routes().keySet());
            camelReload.onReload(file.toString(), CamelRouteFileCheck.version(file, content));
        } catch (Exception e) {
            String notBack = putBack(file);
            return new Refusal(List.of(CamelRouteFileCheck.problemOf(e, file, routeFile.routes())), notBack == null
                    ? "Camel could not start it; the routes loaded before are put back."
                    : "Camel could not start it, nor put back the routes loaded before: " + notBack);
        } finally {
            if (paused != null) {
                pauseQueueConsumers(); // the new version of a leg waits for the end of the swap
            }
        }
        loaded.put(file, new Loaded(content, routeFile));
        return null;
    }

    private List<HealthCheckRepository> pauseRouteHealthChecks() {
        HealthCheckRegistry registry = HealthCheckRegistry.get(camel);
        if (registry == null) {
            return List.of();
        }
        List<HealthCheckRepository> paused = Stream.of("routes", "consumers").map(registry::getRepository)
                .flatMap(Optional::stream).filter(HealthCheckRepository::isEnabled).toList();
        paused.forEach(repository -> repository.setEnabled(false));
        return paused;
    }

    /** After Camel failed part-way: the version that ran before, or none for a new file; why not, if it failed. */
    private String putBack(Path file) {
        Loaded running = loaded.get(file);
        try {
            removeRoutesNoLongerIn(file, running == null ? Set.of() : running.routeFile().routes().keySet());
            // "[]", no routes: also clears Camel's memory of the failed attempt, which it would retry with every edit
            String version = running == null ? "[]" : running.content();
            camelReload.onReload(file.toString(), CamelRouteFileCheck.version(file, version));
            return null;
        } catch (Exception e) {
            return oneLine(e);
        }
    }

    /** Stops (gracefully) and removes the routes Camel loaded from this file that are not among these ids. */
    private void removeRoutesNoLongerIn(Path file, Set<String> ids) throws Exception {
        for (Route route : List.copyOf(camel.getRoutes())) {
            Resource source = route.getSourceResource();
            if (source != null && CamelRouteFileCheck.isFile(source, file) && !ids.contains(route.getRouteId())) {
                camel.getRouteController().stopRoute(route.getRouteId());
                camel.removeRoute(route.getRouteId());
                LOG.info("Removed route {}: it is no longer in {}", route.getRouteId(), file);
            }
        }
    }

    /** A file of the routes folder by the name problems give it (relative to the folder). */
    private String name(Path file) {
        return folder.relativize(file).toString();
    }

    private void refuse(List<Problem> problems, String outcome) {
        Problem first = problems.get(0);
        String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "";
        Path file = folder.resolve(first.file());
        String where = first.line() > 0 ? file + " line " + first.line() : file.toString();
        LOG.error("Edit refused: {}: {}{}. {}", where, first.message(), more, outcome);
    }

    private static String oneLine(Exception e) {
        return String.valueOf(e).replaceAll("\\s+", " ");
    }

    private boolean isRouteFile(Path file) {
        return folder.equals(file.getParent()) && file.getFileName().toString().endsWith(".camel.yaml");
    }

    private List<Path> routeFiles() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.toAbsolutePath().normalize()).filter(this::isRouteFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
