package io.junction.tracing;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.telemetry.Span;
import org.apache.camel.telemetry.SpanStorageManagerExchange;

import io.junction.metrics.EventOutcome;

/**
 * Wraps the tracer's route policy so each route span carries what an operator searches by: it is named after its
 * route and tagged with the route's id ({@code camel.route.id}), and at the end with the outcome
 * ({@code junction.outcome}: {@link EventOutcome}, as in the metrics) and the redeliveries it took
 * ({@code junction.retries}). Topic, partition, offset, queue and message id come from Camel's span decorators.
 */
final class RouteSpans implements RoutePolicy {

    static final String ROUTE_ID = "camel.route.id";
    static final String OUTCOME = "junction.outcome";
    static final String RETRIES = "junction.retries";

    /** Stateless: the span stack lives in an exchange property, so any instance reads it. */
    private static final SpanStorageManagerExchange SPANS = new SpanStorageManagerExchange();

    private final RoutePolicy traced;

    RouteSpans(RoutePolicy traced) {
        this.traced = traced;
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        traced.onExchangeBegin(route, exchange);
        Span span = SPANS.peek(exchange);
        if (span != null) {
            span.setTag(ROUTE_ID, route.getRouteId());
            // Camel names a route span after its endpoint's component ("kamelet" for most); the tracer has just made
            // it the current span on this thread, which is the one handle Camel gives to rename it.
            io.opentelemetry.api.trace.Span.current().updateName(route.getRouteId());
        }
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        Span span = SPANS.peek(exchange);
        if (span != null) {
            span.setTag(OUTCOME, EventOutcome.of(exchange).label);
            Integer retries = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
            if (retries != null && retries > 0) {
                span.setTag(RETRIES, retries.toString());
            }
        }
        traced.onExchangeDone(route, exchange);
    }

    @Override
    public void onInit(Route route) {
        traced.onInit(route);
    }

    @Override
    public void onRemove(Route route) {
        traced.onRemove(route);
    }

    @Override
    public void onStart(Route route) {
        traced.onStart(route);
    }

    @Override
    public void onStop(Route route) {
        traced.onStop(route);
    }

    @Override
    public void onSuspend(Route route) {
        traced.onSuspend(route);
    }

    @Override
    public void onResume(Route route) {
        traced.onResume(route);
    }
}
