package io.junction.reload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.junction.config.JunctionConfig;
import io.junction.deadletter.DeadLetterPolicy;
import io.junction.deadletter.DeadLetterRoute;
import io.junction.routes.FolderProperties;
import io.junction.routes.RouteInstaller;
import io.junction.routes.Problem;
import io.junction.routes.RouteSet;
import io.junction.routes.RouteSetLoader;
import io.junction.routes.RouteSources;
import io.junction.routes.SourceFile;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.junction.schemas.SchemaFunction;
import io.junction.schemas.SchemaStore;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the gateway's routes: loads the route and connector directories at start, then watches them and applies
 * every valid change while running. Invalid changes are refused with file, line and reason; what runs stays.
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRoutes.class);

    private final CamelContext context;
    private final ReloadHistory history;
    private final List<Path> routeDirs;
    /** Schemas beside the routes: a version that breaks its contract refuses the reload like a broken route file. */
    private final SchemaStore schemas;
    private final List<Path> connectorDirs;
    private final boolean watch;
    private final Duration debounce;
    private final Duration pollInterval;
    private final Duration drainTimeout;
    private final String startupPolicy;
    private final JunctionConfig config;
    private final AtomicBoolean loaded = new AtomicBoolean();
    private RouteReloader reloader;
    /** Reads again only the files that changed (see RouteSetLoader): a reload's cost follows the edit. */
    private RouteSetLoader loader;
    /** Content of the files as last read: a rescan reads only files whose size or modification time changed. */
    private final RouteSources.Cache sources = new RouteSources.Cache();
    private RouteWatcher watcher;
    private volatile String lastAttempt;

    public GatewayRoutes(CamelContext context, ReloadHistory history, JunctionConfig config) {
        this.context = context;
        this.history = history;
        this.config = config;
        this.routeDirs = config.routes().dirs().stream().map(Path::of).toList();
        this.connectorDirs = config.connectors().dirs().stream().map(Path::of).toList();
        this.watch = config.reload().enabled();
        this.debounce = config.reload().debounce();
        this.pollInterval = config.reload().pollInterval();
        this.drainTimeout = config.reload().drainTimeout();
        this.startupPolicy = config.reload().startup();
        this.schemas = new SchemaStore(routeDirs);
        context.getPropertiesComponent().addPropertiesFunction(new SchemaFunction(schemas));
        // An example folder's own properties (Camel JBang's): below the configuration, read once.
        FolderProperties.install(context, routeDirs).forEach(p -> LOG.warn("{}", p.format()));
    }

    /**
     * Loads the routes present now, then starts watching. Returns false when the files are invalid and the start-up
     * policy is {@code fail}: the gateway then exits instead of running without the routes it was given.
     */
    public boolean start() throws Exception {
        loader = new RouteSetLoader(context, true);
        // Rollback reads the previous files afresh: it needs definitions no route was ever built from.
        reloader = new RouteReloader(context, new RouteSetLoader(context),
                new RouteInstaller(context, DeadLetterPolicy.of(context, config)), drainTimeout);
        // Junction's own route: every route's dead-letter channel ends there.
        context.addRoutes(new DeadLetterRoute(config.instance().id()));
        LOG.info("Loading routes from {} and connectors from {}", routeDirs, connectorDirs);
        ReloadOutcome first = reload();
        if (first.rejected() && "fail".equals(startupPolicy)) {
            // validate reads the files as the loader does: it shows their errors, not those of Camel starting them.
            boolean startFailed = first.problems().stream().filter(Problem::isError).allMatch(p -> p.message()
                    .contains(" failed to start: ") || p.message().startsWith("starting routes failed: "));
            LOG.error("{}: refusing to start. Fix them, or set junction.reload.startup=wait to start without routes"
                    + " and pick up the first valid version.", startFailed
                            ? "Camel refused to start the routes (the errors above; ./junction validate does not"
                                    + " start routes)"
                            : "The route files are invalid (the errors above; ./junction validate shows the same)");
            return false;
        }
        loaded.set(true);
        if (watch) {
            List<Path> roots = new ArrayList<>(routeDirs);
            roots.addAll(connectorDirs);
            watcher = new RouteWatcher(roots, debounce, pollInterval, this::reloadIfChanged, this::refused);
            watcher.start();
        }
        return true;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (watcher != null) {
            watcher.close();
        }
    }

    /** Rescans now; applies the files if they differ from the last attempt. */
    public synchronized ReloadOutcome reloadIfChanged() {
        long start = System.nanoTime();
        List<SourceFile> files = RouteSources.scan(routeDirs, connectorDirs, sources);
        if ((RouteSources.digest(files) + schemas.digest()).equals(lastAttempt)) {
            return null;
        }
        return apply(files, start);
    }

    /** Reads and applies the files now, whether or not they changed. */
    public synchronized ReloadOutcome reload() {
        long start = System.nanoTime();
        return apply(RouteSources.scan(routeDirs, connectorDirs, sources), start);
    }

    private ReloadOutcome apply(List<SourceFile> files, long start) {
        String schemaDigest = schemas.digest();
        RouteSet next;
        ReloadOutcome outcome;
        try {
            next = loader.load(files).withProblems(schemas.check());
            outcome = reloader.apply(next);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            // Whatever a file does to the loader, the reload is refused and says so; the same files are not retried.
            lastAttempt = RouteSources.digest(files) + schemaDigest;
            loader.forget();
            return refused(e);
        }
        long read = (System.nanoTime() - start) / 1_000_000;
        lastAttempt = next.digest() + schemaDigest;
        if (outcome.rejected() && !next.hasErrors()) {
            loader.forget(); // starting the set failed: some of its definitions may have been built into routes
        }
        history.record(outcome);
        for (Problem p : outcome.problems()) {
            if (!p.isError()) {
                LOG.warn("{}", p.format());
            }
        }
        if (outcome.rejected() && !loaded.get()) {
            LOG.error("Routes refused at start, none runs: {}", outcome.errors());
        } else if (outcome.rejected()) {
            LOG.error("Route reload {}", outcome.summary());
        } else if (outcome.result() == ReloadOutcome.Result.APPLIED) {
            LOG.info("Routes {}; {} files read and checked in {} ms", outcome.summary(), files.size(), read);
        }
        return outcome;
    }

    /**
     * Records a reload that could not run to its end (a defect, or the watcher failing) as refused, so that
     * {@code /admin/reload} and {@code junction_reload_failing} say so instead of the last success.
     */
    synchronized ReloadOutcome refused(Throwable e) {
        LOG.error("Route reload failed: {}", e.toString(), e);
        RouteSet current = current();
        ReloadOutcome outcome = new ReloadOutcome(ReloadOutcome.Result.REJECTED, java.time.Instant.now(), 0,
                current.digest(), ReloadPlanner.plan(current, current), List.of(Problem.error("(routes)", 1, 1,
                        "reading the route files failed: " + e).withHint("please report this with the files: it is"
                                + " a defect in Junction; the running routes are unchanged")), current.routes().size());
        history.record(outcome);
        return outcome;
    }

    /** True once the routes present at start-up were loaded (or refused under the "wait" policy). */
    public boolean loaded() {
        return loaded.get();
    }

    public RouteSet current() {
        return reloader == null ? RouteSet.empty() : reloader.current();
    }

    public List<Path> routeDirs() {
        return routeDirs;
    }

    public List<Path> connectorDirs() {
        return connectorDirs;
    }
}
