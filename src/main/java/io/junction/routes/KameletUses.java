package io.junction.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;

/**
 * Gives every use of a connector in a route a route of its own. Camel caches endpoints by URI, and a Kamelet
 * endpoint creates its route once: two routes (in two files) that both say {@code kamelet:kafka-sink?topic=events}
 * shared one connector route, owned by whichever started first. Replacing that route's file removed the connector
 * route under the other one, whose events then waited for a consumer that never came back. Naming each use
 * {@code kamelet:NAME/<route>.NAME.<n>} (Camel's own syntax for the connector route's id) makes the endpoints
 * distinct and the ids stable across reloads: a route's connectors are its own, and leave and return with it.
 */
public final class KameletUses {

    private KameletUses() {
    }

    static void isolate(RouteDefinition route) {
        String owner = safe(route.getRouteId());
        int[] n = { 0 };
        FromDefinition from = route.getInput();
        if (from != null) {
            rewrite(from::getUri, from::setUri, owner, n);
        }
        for (SendDefinition<?> send : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                SendDefinition.class)) {
            rewrite(send::getUri, send::setUri, owner, n);
        }
        // wireTap (a ToDynamicDefinition) with a fixed connector URI; toD's URIs are made per event and left alone.
        for (ToDynamicDefinition tap : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                org.apache.camel.model.WireTapDefinition.class)) {
            rewrite(tap::getUri, tap::setUri, owner, n);
        }
    }

    /** A URI as its route file wrote it: a connector use without the route id {@link #isolate} gave it. */
    public static String asWritten(String uri) {
        if (uri == null || !uri.startsWith("kamelet:")) {
            return uri;
        }
        return uri.replaceFirst("^(kamelet:(?://)?)([^/?]+)/[^?]*\\.\\2\\.\\d+(?=\\?|$)", "$1$2");
    }

    /**
     * The ids of the connector routes an installed route sends to or consumes from (named by {@link #isolate}):
     * while one of them is not running, events of the route cannot get through it.
     */
    public static List<String> connectorRoutes(RouteDefinition route) {
        List<String> ids = new ArrayList<>();
        FromDefinition from = route.getInput();
        if (from != null) {
            id(from.getUri(), ids);
        }
        for (SendDefinition<?> send : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                SendDefinition.class)) {
            id(send.getUri(), ids);
        }
        for (ToDynamicDefinition tap : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                org.apache.camel.model.WireTapDefinition.class)) {
            id(tap.getUri(), ids);
        }
        return ids;
    }

    /** The first connector route of a started route that is not running, or null when all run (or it does not). */
    public static String notRunning(CamelContext camel, String routeId) {
        RouteDefinition def = ((ModelCamelContext) camel).getRouteDefinition(routeId);
        ServiceStatus own = camel.getRouteController().getRouteStatus(routeId);
        if (def == null || own == null || !own.isStarted()) {
            return null;
        }
        for (String id : connectorRoutes(def)) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            if (status == null || !status.isStarted()) {
                return id;
            }
        }
        return null;
    }

    private static void id(String uri, List<String> ids) {
        if (uri != null && uri.startsWith("kamelet:")) {
            String path = uri.substring("kamelet:".length()).replaceFirst("^//", "").replaceFirst("\\?.*", "");
            int slash = path.indexOf('/');
            if (slash > 0 && !path.startsWith("source") && !path.startsWith("sink")) {
                ids.add(path.substring(slash + 1));
            }
        }
    }

    private static void rewrite(Supplier<String> get, Consumer<String> set, String owner, int[] n) {
        String uri = get.get();
        String named = named(uri, owner, n);
        if (named != null) {
            set.accept(named);
        }
    }

    /** The URI with a connector route id of its own, or null when it is not a connector use or already names one. */
    static String named(String uri, String owner, int[] n) {
        if (uri == null || !uri.startsWith("kamelet:")) {
            return null;
        }
        String rest = uri.substring("kamelet:".length());
        boolean slashes = rest.startsWith("//");
        if (slashes) {
            rest = rest.substring(2);
        }
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? "" : rest.substring(q);
        if (path.isEmpty() || path.equals("source") || path.equals("sink") || path.contains("/")
                || path.contains("{{") || query.matches("(?s).*[?&]routeId=.*")) {
            return null;
        }
        return "kamelet:" + (slashes ? "//" : "") + path + "/" + owner + "." + path + "." + (++n[0]) + query;
    }

    /** A route id as a URI path segment: characters other than letters, digits, '.', '_' and '-' become '-'. */
    private static String safe(String id) {
        String s = String.valueOf(id).replaceAll("[^A-Za-z0-9._-]", "-");
        // Two ids that differ only in replaced characters must not meet in one connector route id.
        return s.equals(id) ? s : s + "-" + Integer.toHexString(id.hashCode());
    }
}
