package io.junction.routes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.model.BeanFactoryDefinition;
import org.apache.camel.model.BeanModelHelper;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.apache.camel.model.DefaultRouteTemplateContext;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.InterceptDefinition;
import org.apache.camel.model.InterceptFromDefinition;
import org.apache.camel.model.InterceptSendToEndpointDefinition;
import org.apache.camel.model.OnCompletionDefinition;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.PolicyDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.model.SagaDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.TransactedDefinition;
import org.apache.camel.model.TryDefinition;
import org.apache.camel.model.WhenDefinition;
import org.apache.camel.RouteTemplateContext;
import org.apache.camel.util.URISupport;

/**
 * Expands connector uses into the route that makes them, as the route is installed. A route written
 * {@code from: kamelet:kafka-source ... to: kamelet:kafka-sink} used to run as three routes, each event copied into
 * the source connector's route, then the user's, then the sink connector's; Camel also rescans every route's
 * endpoints whenever it adds one, so a thousand routes with connectors took 23 s to start. Now the connector's
 * template steps go into the route itself: the source connector's {@code from} and steps with the route's steps
 * where the template says {@code kamelet:sink}, and each sink or action use replaced by its template's steps. One
 * route, no copies, no extra routes.
 * <p>
 * It is still the Kamelet that runs: its template is copied (Camel's own deep copy), its parameters are given as
 * Camel gives them to a template (as the route's local properties, each use's under names of its own, so two
 * uses of one connector with different parameters do not meet) and its template beans are bound as Camel binds
 * them (to the route's template context). A Kamelet whose template would do something else inside another route
 * is left to Camel's Kamelet component, as before: one that handles errors itself (doTry, circuitBreaker, ...:
 * the route's retries would apply inside it), route-level error handling or interceptors, {@code kamelet:sink}
 * outside a plain {@code to}, nodes with ids of their own, a connector inside a connector.
 */
public final class ConnectorExpansion {

    /** Route property on an expanded route; its local properties hold the connectors' parameters. */
    static final String EXPANDED = "junction.expanded";
    /** Route property: the source as the route file names it ({@code kamelet:NAME}) when it was expanded. */
    public static final String SOURCE_AS_WRITTEN = "junction.source";
    private static final String SINK = "sink";
    private static final String SOURCE = "source";

    private final CamelContext camel;
    private final Map<String, RouteSet.KameletUnit> kamelets;
    private final Map<String, Boolean> expandable = new HashMap<>();

    ConnectorExpansion(CamelContext camel, Map<String, RouteSet.KameletUnit> kamelets) {
        this.camel = camel;
        this.kamelets = kamelets;
    }

    /** What one route collects while its uses are expanded: parameters and beans, under per-use names. */
    private final class Expansion {
        final RouteDefinition route;
        final Map<String, Object> parameters = new LinkedHashMap<>();
        final RouteTemplateContext context;
        int uses;

        Expansion(RouteDefinition route) {
            this.route = route;
            this.context = new DefaultRouteTemplateContext(camel);
        }
    }

    /** One use of a connector: which, with what, and the names its parameters get in the route. */
    private record Use(String kamelet, Map<String, Object> given, String prefix) {
    }

    /** A running route's source as its file names it: {@code kamelet:NAME} for a connector, else its endpoint. */
    public static String sourceAsWritten(org.apache.camel.Route route) {
        Object written = route.getProperties().get(SOURCE_AS_WRITTEN);
        return written != null ? written.toString() : KameletUses.asWritten(route.getEndpoint().getEndpointBaseUri());
    }

    /** Expands every use that can be; the others stay {@code kamelet:} URIs for Camel's Kamelet component. */
    void expand(RouteDefinition route) {
        Expansion x = new Expansion(route);
        FromDefinition from = route.getInput();
        Use source = from == null ? null : use(from.getUri(), x);
        if (source != null && canExpand(source.kamelet(), true)) {
            RouteDefinition t = instantiate(source, x);
            List<ProcessorDefinition<?>> steps = splice(t.getOutputs(), route.getOutputs());
            // A route takes its input once: the template's endpoint goes into the route's own from.
            from.setUri(t.getInput().getUri());
            route.routeProperty(SOURCE_AS_WRITTEN, "kamelet:" + source.kamelet());
            route.setOutputs(steps);
        }
        expandSends(route.getOutputs(), x);
        if (x.uses > 0) {
            // Camel applies a template route's parameters as local properties and binds its beans when it
            // creates the route: the same mechanism, for the uses spliced into this one.
            route.setTemplate(true);
            route.setTemplateParameters(x.parameters);
            route.setRouteTemplateContext(x.context);
            route.routeProperty(EXPANDED, "true");
        }
    }

    /** Replaces each expandable {@code to: kamelet:NAME} in these steps (at any depth) by its template's steps. */
    private void expandSends(List<ProcessorDefinition<?>> steps, Expansion x) {
        if (steps == null) {
            return;
        }
        for (int i = 0; i < steps.size(); i++) {
            ProcessorDefinition<?> step = steps.get(i);
            if (step instanceof SendDefinition<?> send) {
                Use use = use(send.getUri(), x);
                if (use != null && canExpand(use.kamelet(), false)) {
                    List<ProcessorDefinition<?>> inlined = instantiate(use, x).getOutputs();
                    steps.remove(i);
                    steps.addAll(i, inlined);
                    i += inlined.size() - 1;
                }
            } else if (step instanceof ChoiceDefinition choice) {
                for (WhenDefinition when : choice.getWhenClauses()) {
                    expandSends(when.getOutputs(), x);
                }
                if (choice.getOtherwise() != null) {
                    expandSends(choice.getOtherwise().getOutputs(), x);
                }
            } else {
                expandSends(step.getOutputs(), x);
            }
        }
    }

    /** The connector a URI uses, with its parameters; null for anything else (and for uses naming their route). */
    private Use use(String uri, Expansion x) {
        if (uri == null || !uri.startsWith("kamelet:")) {
            return null;
        }
        String rest = uri.substring("kamelet:".length()).replaceFirst("^//", "");
        int q = rest.indexOf('?');
        String name = q < 0 ? rest : rest.substring(0, q);
        if (name.isEmpty() || name.contains("/") || name.equals(SOURCE) || name.equals(SINK)
                || !kamelets.containsKey(name)) {
            return null;
        }
        Map<String, Object> given;
        try {
            given = q < 0 ? new LinkedHashMap<>() : URISupport.parseQuery(rest.substring(q + 1), true);
            URISupport.resolveRawParameterValues(given);
        } catch (Exception e) {
            return null; // Camel's Kamelet component reports it as it always did
        }
        return new Use(name, given, "junction.use" + (x.uses + 1));
    }

    /** A copy of the template with this use's parameters and beans, counted in the route. */
    private RouteDefinition instantiate(Use use, Expansion x) {
        RouteTemplateDefinition template = kamelets.get(use.kamelet()).template();
        x.uses++;
        String connectorRoute = safe(x.route.getRouteId()) + "." + use.kamelet() + "." + x.uses;
        Map<String, Object> values = new LinkedHashMap<>();
        for (RouteTemplateParameterDefinition p : parameters(template)) {
            Object value = use.given().get(p.getName());
            if (value == null) {
                // As the Kamelet component does: configuration for this connector, then the template's default.
                value = camel.getPropertiesComponent()
                        .resolveProperty("camel.kamelet." + use.kamelet() + "." + p.getName()).orElse(null);
            }
            if (value == null) {
                value = p.getDefaultValue();
            }
            if (value != null) {
                values.put(p.getName(), value);
            }
        }
        use.given().forEach(values::putIfAbsent);
        values.put("routeId", connectorRoute);
        Set<String> names = new TreeSet<>(values.keySet());
        for (RouteTemplateParameterDefinition p : parameters(template)) {
            names.add(p.getName());
        }
        for (BeanFactoryDefinition<?> bean : beans(template)) {
            names.add(bean.getName());
        }
        RouteDefinition copy = template.asRouteDefinition();
        TemplatePlaceholders.rename(copy, names, use.prefix());
        values.forEach((k, v) -> x.parameters.put(use.prefix() + "." + k, v));
        for (BeanFactoryDefinition<?> bean : beans(template)) {
            try {
                BeanModelHelper.bind(renamed(bean, names, use.prefix()), x.context);
            } catch (Exception e) {
                throw new IllegalStateException("connector " + use.kamelet() + ": bean " + bean.getName() + ": "
                        + e.getMessage(), e);
            }
        }
        return copy;
    }

    private static List<BeanFactoryDefinition<RouteTemplateDefinition>> beans(RouteTemplateDefinition template) {
        return template.getTemplateBeans() == null ? List.of() : template.getTemplateBeans();
    }

    private static List<RouteTemplateParameterDefinition> parameters(RouteTemplateDefinition template) {
        return template.getTemplateParameters() == null ? List.of() : template.getTemplateParameters();
    }

    /** The template bean under this use's name, its properties' placeholders renamed the same way. */
    private static BeanFactoryDefinition<RouteTemplateDefinition> renamed(BeanFactoryDefinition<?> bean,
            Set<String> names, String prefix) {
        BeanFactoryDefinition<RouteTemplateDefinition> b = new BeanFactoryDefinition<>();
        b.setName(prefix + "." + bean.getName());
        b.setType(bean.getType());
        b.setInitMethod(bean.getInitMethod());
        b.setDestroyMethod(bean.getDestroyMethod());
        b.setFactoryMethod(bean.getFactoryMethod());
        b.setFactoryBean(bean.getFactoryBean());
        b.setBuilderClass(bean.getBuilderClass());
        b.setBuilderMethod(bean.getBuilderMethod());
        if (bean.getConstructors() != null) {
            Map<Integer, Object> args = new LinkedHashMap<>();
            bean.getConstructors().forEach((i, v) -> args.put(i, TemplatePlaceholders.renamed(v, names, prefix)));
            b.setConstructors(args);
        }
        if (bean.getProperties() != null) {
            Map<String, Object> props = new LinkedHashMap<>();
            bean.getProperties().forEach((k, v) -> props.put(k, TemplatePlaceholders.renamed(v, names, prefix)));
            b.setProperties(props);
        }
        return b;
    }

    /** The source template's steps with the route's steps where it hands over to {@code kamelet:sink}. */
    private static List<ProcessorDefinition<?>> splice(List<ProcessorDefinition<?>> template,
            List<ProcessorDefinition<?>> route) {
        List<ProcessorDefinition<?>> out = new ArrayList<>(template);
        boolean[] used = { false };
        if (!replaceSink(out, route, used)) {
            out.addAll(route); // Camel appends the hand-over itself to a source template that does not say it
        }
        return out;
    }

    private static boolean replaceSink(List<ProcessorDefinition<?>> steps, List<ProcessorDefinition<?>> route,
            boolean[] used) {
        boolean found = false;
        for (int i = 0; i < steps.size(); i++) {
            ProcessorDefinition<?> step = steps.get(i);
            if (step instanceof ToDefinition to && isSink(to.getUri())) {
                // A second hand-over gets its own copy: a definition belongs to one place in a route.
                List<ProcessorDefinition<?>> inlined = used[0] ? ProcessorDefinitionHelper.deepCopyDefinitions(route)
                        : route;
                used[0] = true;
                steps.remove(i);
                steps.addAll(i, inlined);
                i += inlined.size() - 1;
                found = true;
            } else if (step instanceof ChoiceDefinition choice) {
                for (WhenDefinition when : choice.getWhenClauses()) {
                    found |= replaceSink(when.getOutputs(), route, used);
                }
                if (choice.getOtherwise() != null) {
                    found |= replaceSink(choice.getOtherwise().getOutputs(), route, used);
                }
            } else if (step.getOutputs() != null) {
                found |= replaceSink(step.getOutputs(), route, used);
            }
        }
        return found;
    }

    /** Whether a Kamelet's template can be spliced into a route (checked once per template). */
    private boolean canExpand(String kamelet, boolean asSource) {
        RouteSet.KameletUnit unit = kamelets.get(kamelet);
        String key = kamelet + "/" + unit.file().sha256() + "/" + asSource;
        return expandable.computeIfAbsent(key, k -> check(unit.template(), asSource));
    }

    private static boolean check(RouteTemplateDefinition template, boolean asSource) {
        RouteDefinition route = template.getRoute();
        if (route == null || route.getInput() == null || route.isErrorHandlerFactorySet()
                || route.getErrorHandlerRef() != null) {
            return false;
        }
        boolean fromSource = isSource(route.getInput().getUri());
        if (fromSource == asSource) {
            return false; // a sink used as a source, or a source used as a step: Camel's component says why
        }
        for (BeanFactoryDefinition<?> bean : beans(template)) {
            if (bean.getScript() != null || bean.getBeanSupplier() != null) {
                return false;
            }
        }
        List<ProcessorDefinition<?>> all = new ArrayList<>();
        collect(route.getOutputs(), all);
        for (ProcessorDefinition<?> step : all) {
            if (handlesErrors(step)) {
                // Spliced into a route, a step inside it would be retried in place by the route's error handler,
                // past the template's own catch (file-sink cuts a torn append back there); as a connector route
                // of its own, the route's retry runs the whole template again.
                return false;
            }
            if (step instanceof OnExceptionDefinition || step instanceof OnCompletionDefinition
                    || step instanceof InterceptDefinition || step instanceof InterceptFromDefinition
                    || step instanceof InterceptSendToEndpointDefinition) {
                return false;
            }
            if (step.hasCustomIdAssigned()) {
                return false; // two uses in one route would give two nodes the same id
            }
            String uri = step instanceof SendDefinition<?> s ? s.getUri()
                    : step instanceof ToDynamicDefinition d ? d.getUri() : null;
            if (uri != null && uri.startsWith("kamelet:")) {
                boolean plainHandOver = step instanceof ToDefinition && isSink(uri);
                if (!(asSource && plainHandOver)) {
                    return false; // kamelet:sink in a tap or a dynamic send, a sink's own hand-over, a nested use
                }
            }
        }
        return true;
    }

    /** A block that catches or contains failures itself (doTry, circuitBreaker, saga, transacted, policy). */
    private static boolean handlesErrors(ProcessorDefinition<?> step) {
        return step instanceof TryDefinition || step instanceof CircuitBreakerDefinition
                || step instanceof SagaDefinition || step instanceof TransactedDefinition
                || step instanceof PolicyDefinition;
    }

    private static void collect(List<ProcessorDefinition<?>> steps, List<ProcessorDefinition<?>> into) {
        if (steps == null) {
            return;
        }
        for (ProcessorDefinition<?> step : steps) {
            into.add(step);
            if (step instanceof ChoiceDefinition choice) {
                for (WhenDefinition when : choice.getWhenClauses()) {
                    collect(when.getOutputs(), into);
                }
                if (choice.getOtherwise() != null) {
                    collect(choice.getOtherwise().getOutputs(), into);
                }
            } else {
                collect(step.getOutputs(), into);
            }
        }
    }

    private static boolean isSource(String uri) {
        return uri != null && uri.replaceFirst("^kamelet://", "kamelet:").replaceFirst("\\?.*", "")
                .equals("kamelet:" + SOURCE);
    }

    private static boolean isSink(String uri) {
        return uri != null && uri.replaceFirst("^kamelet://", "kamelet:").replaceFirst("\\?.*", "")
                .equals("kamelet:" + SINK);
    }

    /** A route id as part of another id: characters other than letters, digits, '.', '_' and '-' become '-'. */
    private static String safe(String id) {
        return String.valueOf(id).replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
