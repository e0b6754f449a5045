package io.junction.metrics;

import io.micrometer.core.instrument.Metrics;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.model.FilterDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Counts, per route, the events a filter kept from the sink ({@code junction_events_filtered_total{route}}), so
 * that filtered events never vanish without a trace. An event counts as filtered when a filter action marked it,
 * or when the last filter EIP of the route it went through did not match. Connector routes (Kamelet instances) are counted under the
 * route that uses them.
 */
public final class EventMetrics extends RoutePolicySupport {

    /** Set by the json-filter-action connector on events it filtered out. */
    public static final String FILTERED = "junction.filtered";
    /** Where the filter EIPs of a route record whether the event matched. */
    static final String MATCHED = "junction.filter-matched";

    private final String routeId;

    private EventMetrics(String routeId) {
        this.routeId = routeId;
    }

    public static RoutePolicyFactory factory() {
        return (CamelContext context, String routeId, NamedNode node) -> {
            if (node instanceof RouteDefinition def && !Boolean.TRUE.equals(def.isKamelet())
                    && !Boolean.TRUE.equals(def.isTemplate()) && !routeId.startsWith("junction-")) {
                return new EventMetrics(routeId);
            }
            return null;
        };
    }

    public static void install(CamelContext context) {
        context.addRoutePolicyFactory(factory());
    }

    /** Makes every filter EIP of a route record its outcome, so that the events it drops are counted. */
    public static void recordFilterOutcomes(RouteDefinition route) {
        for (FilterDefinition filter : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                FilterDefinition.class)) {
            if (filter.getStatusPropertyName() == null) {
                filter.setStatusPropertyName(MATCHED);
            }
        }
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        if (exchange.isFailed()) {
            return;
        }
        if (exchange.getProperty(FILTERED, false, Boolean.class)
                || Boolean.FALSE.equals(exchange.getProperty(MATCHED, Boolean.class))) {
            Metrics.counter("junction.events.filtered", "route", routeId).increment();
        }
    }
}
