package io.junction.reload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.junction.routes.Problem;
import io.junction.routes.RouteInstaller;
import io.junction.routes.RouteSet;
import io.junction.routes.RouteSetLoader;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies validated route sets to the running Camel context, touching only the routes whose fingerprint changed.
 * <p>
 * A replaced route is drained first: its consumer stops taking new work and in-flight exchanges get
 * {@code drainTimeout} to finish. If anything fails while the new routes start, the reloader puts back exactly what
 * ran before (re-parsed from the file contents it validated then) and reports the failure: a reload either happens
 * completely or leaves the running routes as they were.
 */
public final class RouteReloader {

    private static final Logger LOG = LoggerFactory.getLogger(RouteReloader.class);
    /** Set by Camel on routes created from a Kamelet: the route whose endpoint instantiated it. */
    private static final String PARENT_ROUTE = "parentRouteId";

    private final CamelContext context;
    private final ModelCamelContext model;
    private final RouteSetLoader loader;
    private final RouteInstaller installer;
    private final Duration drainTimeout;
    private volatile RouteSet current = RouteSet.empty();

    public RouteReloader(CamelContext context, RouteSetLoader loader, RouteInstaller installer, Duration drainTimeout) {
        this.context = context;
        this.model = (ModelCamelContext) context;
        this.loader = loader;
        this.installer = installer;
        this.drainTimeout = drainTimeout;
    }

    public RouteSet current() {
        return current;
    }

    public synchronized ReloadOutcome apply(RouteSet next) {
        long start = System.nanoTime();
        if (next.hasErrors()) {
            return outcome(ReloadOutcome.Result.REJECTED, start, next, ReloadPlanner.plan(current, current),
                    next.problems());
        }
        ReloadPlan plan = ReloadPlanner.plan(current, next);
        if (plan.isEmpty()) {
            current = next;
            return outcome(ReloadOutcome.Result.UNCHANGED, start, next, plan, next.problems());
        }
        try {
            stopAll(plan.toStop());
            installer.removeTemplates(plan.templatesRemoved());
            installer.addTemplates(next, plan.templatesAdded());
            if (plan.configurationsChanged()) {
                installer.replaceConfigurations(current.routeConfigurations(), next.routeConfigurations());
            }
            installer.addRoutes(next, plan.toStart(), UnaryOperator.identity());
            current = next;
            return outcome(ReloadOutcome.Result.APPLIED, start, next, plan, next.problems());
        } catch (Exception e) {
            List<Problem> problems = new ArrayList<>(next.problems());
            problems.add(locate(next, e));
            rollback(plan, next);
            return outcome(ReloadOutcome.Result.REJECTED, start, next, plan, problems);
        }
    }

    private ReloadOutcome outcome(ReloadOutcome.Result result, long start, RouteSet next, ReloadPlan plan,
            List<Problem> problems) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new ReloadOutcome(result, Instant.now(), millis, next.digest(), plan, List.copyOf(problems),
                current.routes().size());
    }

    /**
     * Stops routes upstream first, so that work in flight can still flow downstream while it drains, then removes
     * them with the connector routes their endpoints created.
     */
    private void stopAll(List<String> ids) throws Exception {
        Map<String, RouteDefinition> defs = new HashMap<>();
        for (RouteDefinition def : model.getRouteDefinitions()) {
            defs.put(def.getRouteId(), def);
        }
        Map<String, List<Route>> children = connectorRoutesByParent(defs);
        List<String> order = new ArrayList<>();
        for (String id : ids) {
            if (defs.containsKey(id)) {
                collectStopOrder(id, children, order);
            }
        }
        for (String id : order) {
            if (context.getRouteController().getRouteStatus(id) != null
                    && !context.getRouteController().getRouteStatus(id).isStopped()) {
                context.getRouteController().stopRoute(id, drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        for (String id : order) {
            RouteDefinition def = defs.get(id);
            if (def != null) {
                model.removeRouteDefinition(def);
            }
        }
    }

    /** The routes Camel made from connectors, by the route whose endpoint made them (one pass: reload cost stays flat). */
    private Map<String, List<Route>> connectorRoutesByParent(Map<String, RouteDefinition> defs) {
        Map<String, List<Route>> children = new HashMap<>();
        for (Route r : context.getRoutes()) {
            RouteDefinition def = r.isCreatedByKamelet() ? defs.get(r.getRouteId()) : null;
            if (def != null && def.getTemplateParameters() != null
                    && def.getTemplateParameters().get(PARENT_ROUTE) != null) {
                children.computeIfAbsent(String.valueOf(def.getTemplateParameters().get(PARENT_ROUTE)),
                        k -> new ArrayList<>()).add(r);
            }
        }
        return children;
    }

    /** Source connectors feed their route, so they stop before it; sink and action connectors after it. */
    private static void collectStopOrder(String id, Map<String, List<Route>> children, List<String> order) {
        List<String> upstream = new ArrayList<>();
        List<String> downstream = new ArrayList<>();
        for (Route r : children.getOrDefault(id, List.of())) {
            String from = r.getEndpoint().getEndpointUri();
            (from.startsWith("kamelet://source") || from.startsWith("kamelet:source") ? downstream : upstream)
                    .add(r.getRouteId());
        }
        for (String child : upstream) {
            collectStopOrder(child, children, order);
        }
        order.add(id);
        for (String child : downstream) {
            collectStopOrder(child, children, order);
        }
    }

    /**
     * Puts the previous set back after a failed apply. The previous files are parsed again from the bytes that were
     * validated then, because Camel definitions cannot be reused once a route was built from them.
     */
    private void rollback(ReloadPlan plan, RouteSet failed) {
        if (current.routes().isEmpty()) {
            LOG.warn("Starting the routes failed; stopping those that had started (no routes ran before)");
        } else {
            LOG.warn("Reload failed while starting routes; restoring the previous routes");
        }
        try {
            Set<String> started = new LinkedHashSet<>(plan.toStart());
            stopAll(List.copyOf(started));
            RouteSet previous = loader.load(current.files());
            Set<String> templates = new LinkedHashSet<>(plan.templatesAdded());
            templates.addAll(plan.templatesRemoved());
            Set<String> restore = new LinkedHashSet<>();
            for (String name : templates) {
                if (previous.kamelets().containsKey(name)) {
                    restore.add(name);
                }
            }
            installer.removeTemplates(templates);
            installer.addTemplates(previous, restore);
            if (plan.configurationsChanged()) {
                installer.replaceConfigurations(failed.routeConfigurations(), previous.routeConfigurations());
            }
            installer.addRoutes(previous, plan.toStop().stream().filter(previous.routes()::containsKey).toList(),
                    UnaryOperator.identity());
            current = previous;
        } catch (Exception e) {
            LOG.error("Restoring the previous routes failed; routes running now: {}", context.getRoutes().size(), e);
        }
    }

    /** Names the route (file and line) whose start failed, when the exception says which. */
    private static Problem locate(RouteSet next, Exception e) {
        String text = String.valueOf(e.getMessage());
        for (Map.Entry<String, RouteSet.RouteUnit> entry : next.routes().entrySet()) {
            if (text.contains(entry.getKey())) {
                RouteSet.RouteUnit r = entry.getValue();
                Problem p = Problem.error(r.file().name(), r.line(), r.column(),
                        "route " + r.id() + " failed to start: " + Problem.rootMessage(e));
                return Problem.rootMessage(e).contains("No cluster service found")
                        ? p.withHint("master: routes elect their leader in junction.cluster.lock-dir: set it to a"
                                + " directory every gateway mounts (docs/deploy.md)")
                        : p;
            }
        }
        return Problem.error("(routes)", 1, 1, "starting routes failed: " + Problem.rootMessage(e));
    }
}
