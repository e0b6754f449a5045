package io.junction.routes;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;

/**
 * Camel's REST inlining, on a whole route set: a route made from a rest verb whose first step is
 * {@code to: direct:X} becomes the route that consumes {@code direct:X}, with that route's id and steps and the verb's
 * HTTP input (Camel does this when {@code camel.rest.inline-routes} is true, its default). Done when the set is loaded,
 * because Junction installs routes a few at a time and Camel only inlines within one batch.
 */
final class RestInlining {

    private RestInlining() {
    }

    /** Inlines in place; returns the ids of the direct: routes that took a verb's input. */
    static Set<String> apply(Map<String, RouteSet.RouteUnit> routes, Set<String> restSourced) {
        Set<String> inlined = new java.util.HashSet<>();
        for (String restId : Set.copyOf(restSourced)) {
            RouteSet.RouteUnit rest = routes.get(restId);
            String target = rest == null ? null : firstDirect(rest.definition());
            RouteSet.RouteUnit direct = target == null ? null : routes.values().stream()
                    .filter(u -> u.definition() != null && u.definition().getInput() != null
                            && !restSourced.contains(u.id())
                            && target.equals(InternalEndpointCheck.internalName(
                                    u.definition().getInput().getEndpointUri())))
                    .findFirst().orElse(null);
            if (direct == null) {
                continue;
            }
            RouteDefinition merged = inline(rest.definition(), direct.definition());
            routes.remove(restId);
            restSourced.remove(restId);
            // Either file changing changes the route.
            String hash = RouteSources.sha256Hex((direct.sourceHash() + "\n" + rest.sourceHash())
                    .getBytes(StandardCharsets.UTF_8));
            routes.put(direct.id(), new RouteSet.RouteUnit(direct.id(), direct.file(), direct.line(), direct.column(),
                    hash, direct.kamelets(), merged, null));
            inlined.add(direct.id());
        }
        return inlined;
    }

    /** The rest route runs the direct route's steps under its id and settings, keeping its HTTP input and binding. */
    private static RouteDefinition inline(RouteDefinition r, RouteDefinition direct) {
        r.getOutputs().removeIf(out -> !out.isAbstract());
        r.getOutputs().addAll(direct.getOutputs());
        r.getOutputs().forEach(o -> o.setParent(r));
        r.getInput().setLocation(direct.getInput().getLocation());
        r.getInput().setLineNumber(direct.getInput().getLineNumber());
        r.setId(direct.getRouteId());
        r.setNodePrefixId(direct.getNodePrefixId());
        r.setGroup(direct.getGroup());
        r.setAutoStartup(direct.getAutoStartup());
        r.setDelayer(direct.getDelayer());
        r.setInputType(direct.getInputType());
        r.setOutputType(direct.getOutputType());
        r.setLogMask(direct.getLogMask());
        r.setMessageHistory(direct.getMessageHistory());
        r.setStreamCache(direct.getStreamCache());
        r.setTrace(direct.getTrace());
        r.setStartupOrder(direct.getStartupOrder());
        r.setRoutePolicyRef(direct.getRoutePolicyRef());
        r.setRouteConfigurationId(direct.getRouteConfigurationId());
        r.setRoutePolicies(direct.getRoutePolicies());
        r.setShutdownRoute(direct.getShutdownRoute());
        r.setShutdownRunningTask(direct.getShutdownRunningTask());
        r.setErrorHandlerRef(direct.getErrorHandlerRef());
        r.setPrecondition(direct.getPrecondition());
        if (direct.isErrorHandlerFactorySet()) {
            r.setErrorHandler(direct.getErrorHandler());
        }
        r.markInlined();
        return r;
    }

    private static String firstDirect(RouteDefinition route) {
        for (ProcessorDefinition<?> out : route.getOutputs()) {
            if (out.isAbstract()) {
                continue;
            }
            // One identity for direct:x, direct://x and direct:x?timeout=...: the internal endpoint's name.
            String name = out instanceof ToDefinition to ? InternalEndpointCheck.internalName(to.getEndpointUri())
                    : null;
            return name != null && name.startsWith("direct:") ? name : null;
        }
        return null;
    }
}
