package io.junction.routes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import io.junction.deadletter.DeadLetterPolicy;
import io.junction.metrics.EventMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;

/**
 * Installs what a checked {@link RouteSet} holds into a Camel context: connector and route templates, route
 * configurations, and routes with Junction's retry and dead-letter policy and filter metrics. The gateway's reload,
 * its rollback and {@code junction test} all install through here, so a route runs the same way in each.
 * <p>
 * The policy is applied as Camel adds each definition to its model, which is the one moment every kind of route
 * passes through: plain routes, routes made from a {@code templatedRoute} and routes made from {@code rest} verbs.
 * Connector uses are spliced into the route that makes them ({@link ConnectorExpansion}); those that cannot be become
 * connector routes of their own ({@link KameletUses}), which Camel creates and which are left as they are.
 */
public final class RouteInstaller implements ModelLifecycleStrategy {

    private final ModelCamelContext model;
    private final DeadLetterPolicy deadLetters;
    /** Routes being added now, with what the caller changes in them (route tests replace the source). */
    private final Map<String, UnaryOperator<RouteDefinition>> pending = new ConcurrentHashMap<>();
    /** The connectors of the set being added now, which expansion splices into its routes. */
    private volatile ConnectorExpansion expansion;

    public RouteInstaller(CamelContext context, DeadLetterPolicy deadLetters) {
        this.model = (ModelCamelContext) context;
        this.deadLetters = deadLetters;
        model.addModelLifecycleStrategy(this);
    }

    /** Everything in the set, into an empty context (route tests). */
    public void installAll(RouteSet set, UnaryOperator<RouteDefinition> adapt) throws Exception {
        addTemplates(set, set.kamelets().keySet());
        replaceConfigurations(List.of(), set.routeConfigurations());
        addRoutes(set, set.routes().keySet(), adapt);
    }

    public void addTemplates(RouteSet set, Collection<String> names) throws Exception {
        for (String name : names) {
            model.addRouteTemplateDefinition(set.kamelets().get(name).template());
        }
    }

    public void removeTemplates(Collection<String> names) throws Exception {
        for (String name : names) {
            RouteTemplateDefinition def = model.getRouteTemplateDefinition(name);
            if (def != null) {
                model.removeRouteTemplateDefinition(def);
            }
        }
    }

    public void replaceConfigurations(List<RouteConfigurationDefinition> old, List<RouteConfigurationDefinition> now)
            throws Exception {
        for (RouteConfigurationDefinition def : old) {
            model.removeRouteConfiguration(def);
        }
        model.addRouteConfigurations(now);
    }

    /** Adds (and, in a started context, starts) the routes {@code ids} of {@code set}. */
    public void addRoutes(RouteSet set, Collection<String> ids, UnaryOperator<RouteDefinition> adapt)
            throws Exception {
        List<RouteDefinition> defs = new ArrayList<>();
        List<RouteSet.RouteUnit> templated = new ArrayList<>();
        for (String id : ids) {
            RouteSet.RouteUnit unit = set.routes().get(id);
            pending.put(id, adapt);
            if (unit.templated() != null) {
                templated.add(unit);
            } else {
                defs.add(unit.definition());
            }
        }
        expansion = new ConnectorExpansion(model, set.kamelets());
        try {
            model.addRouteDefinitions(defs);
            for (RouteSet.RouteUnit unit : templated) {
                model.addRouteFromTemplatedRoute(unit.templated());
            }
        } finally {
            pending.keySet().removeAll(ids);
            expansion = null;
        }
    }

    @Override
    public void onAddRouteDefinition(RouteDefinition definition) {
        UnaryOperator<RouteDefinition> adapt = pending.get(String.valueOf(definition.getRouteId()));
        if (adapt != null) {
            applyRouteConfigurations(definition);
            // The caller's changes first (a route test replaces the source, so its connector must not run), and the
            // route's own filters are marked for the event metrics before connector steps (their filters) join.
            adapt.apply(definition);
            EventMetrics.recordFilterOutcomes(definition);
            ConnectorExpansion connectors = expansion;
            if (connectors != null) {
                connectors.expand(definition);
            }
            KameletUses.isolate(definition);
            deadLetters.apply(definition.getRouteId(), definition);
        }
    }

    /**
     * Camel applies route configurations when it reads a route, from those its context holds then; the loader reads
     * a set before its configurations are installed, so a route read at start (or by validate) had none: its
     * configuration's onException, errorHandler, intercepts and onCompletion were silently missing. Now that the
     * set's configurations are installed, such a route is prepared again with them, as Camel would have.
     */
    private void applyRouteConfigurations(RouteDefinition definition) {
        java.util.Set<String> applied = definition.getAppliedRouteConfigurationIds();
        List<RouteConfigurationDefinition> configurations = model.getRouteConfigurationDefinitions();
        if ((applied != null && !applied.isEmpty()) || configurations == null || configurations.isEmpty()
                || (definition.getRouteConfigurationId() == null
                        && configurations.stream().noneMatch(c -> c.getId() == null || "*".equals(c.getId())))) {
            return;
        }
        org.apache.camel.model.RoutesDefinition routes = new org.apache.camel.model.RoutesDefinition();
        routes.setCamelContext(model);
        routes.setResource(definition.getResource());
        definition.markUnprepared();
        routes.prepareRoute(definition);
    }

    @Override
    public void onRemoveRouteDefinition(RouteDefinition definition) {
        // nothing to undo: the policy lives in the definition
    }

    @Override
    public void onAddRouteTemplateDefinition(RouteTemplateDefinition template) {
        // templates get the policy through the routes made from them
    }

    @Override
    public void onRemoveRouteTemplateDefinition(RouteTemplateDefinition template) {
        // as above
    }
}
