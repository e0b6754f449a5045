package io.junction.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.model.FilterDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

import io.junction.tracing.TraceParent;

/**
 * Counts, per route, every event by what became of it ({@code junction_events_total{route,outcome}}, outcome one
 * of {@link EventOutcome}) and times how long the gateway held it ({@code junction_event_duration_seconds{route}},
 * from the moment the event entered to the moment its route was done: the acknowledgement, commit or 2xx), so that
 * no event vanishes uncounted, filtered ones included. An event counts as filtered when a filter action marked it,
 * or when the last filter EIP of the route it went through did not match. Connector routes (Kamelet instances) are
 * counted under the route that uses them.
 */
public final class EventMetrics extends RoutePolicySupport {

    /** Set by the json-filter-action connector on events it filtered out. */
    public static final String FILTERED = "junction.filtered";
    /** Where the filter EIPs of a route record whether the event matched. */
    static final String MATCHED = "junction.filter-matched";
    /** Histogram buckets: a webhook answered in milliseconds up to an event retried for half a minute. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)};

    // Meters are looked up once per route: a registry lookup per event would cost more than the count.
    private final Map<EventOutcome, Counter> events = new EnumMap<>(EventOutcome.class);
    private final Timer duration;
    /** Exchange property: the id of the first user route the event entered. */
    public static final String USER_ROUTE = "junction.route";

    private final String routeId;

    private EventMetrics(String routeId) {
        this.routeId = routeId;
        for (EventOutcome outcome : EventOutcome.values()) {
            events.put(outcome, Counter.builder("junction.events").description("Events by what became of them")
                    .tags("route", routeId, "outcome", outcome.label).register(Metrics.globalRegistry));
        }
        duration = Timer.builder("junction.event.duration")
                .description("Time from an event's arrival until its route was done with it")
                .tags("route", routeId).serviceLevelObjectives(BUCKETS).register(Metrics.globalRegistry);
    }

    public static RoutePolicyFactory factory() {
        return (CamelContext context, String routeId, NamedNode node) -> userRoute(routeId, node)
                ? new EventMetrics(routeId) : null;
    }

    /**
     * The user's routes: not connector (Kamelet) instances, templates or Junction's own routes. A route whose
     * connectors were expanded into it is marked a template (that is how Camel gives it their parameters) and is
     * the user's all the same.
     */
    static boolean userRoute(String routeId, NamedNode node) {
        return node instanceof RouteDefinition def && !Boolean.TRUE.equals(def.isKamelet())
                && (!Boolean.TRUE.equals(def.isTemplate()) || expanded(def)) && !routeId.startsWith("junction-");
    }

    private static boolean expanded(RouteDefinition def) {
        return def.getRouteProperties() != null && def.getRouteProperties().stream()
                .anyMatch(p -> "junction.expanded".equals(p.getKey()));
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

    /** The user's route an event entered first (a connector's own routes cannot see it): the archive records it. */
    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        if (exchange.getProperty(USER_ROUTE) == null) {
            exchange.setProperty(USER_ROUTE, routeId);
        }
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        EventOutcome outcome = EventOutcome.of(exchange);
        long elapsed = exchange.getClock().elapsed();
        events.get(outcome).increment();
        duration.record(elapsed, TimeUnit.MILLISECONDS);
        RecentEvents.record(new RecentEvents.Entry(System.currentTimeMillis(), routeId, outcome.label, elapsed,
                EventLog.source(exchange.getIn()),
                TraceParent.traceId(exchange.getIn().getHeader(TraceParent.HEADER, String.class))));
    }
}
