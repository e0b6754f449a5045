package io.junction.tracing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.quarkus.component.opentelemetry2.CamelOpenTelemetry2Config;
import org.apache.camel.spi.RoutePolicy;

import io.quarkus.opentelemetry.runtime.config.runtime.OTelRuntimeConfig;

/**
 * Camel's OpenTelemetry tracer (camel-opentelemetry2), configured as Camel Quarkus configures it, with one addition:
 * every route span names its route and, when the exchange is done, says what became of the event
 * ({@link RouteSpans}). Replaces Camel Quarkus' default tracer bean. With tracing off ({@link OtelEnvironment})
 * there is no tracer, and Camel adds no route policy or event notifier at all.
 */
public class RouteTracer extends OpenTelemetryTracer {

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        RoutePolicy traced = super.createRoutePolicy(camelContext, routeId, route);
        return traced == null ? null : new RouteSpans(traced);
    }

    @Singleton
    static class Producer {

        @Produces
        @Singleton
        OpenTelemetryTracer tracer(CamelContext camelContext, CamelOpenTelemetry2Config config, OTelRuntimeConfig otel) {
            if (otel.sdkDisabled()) {
                return null;
            }
            RouteTracer tracer = new RouteTracer();
            config.excludePatterns().ifPresent(tracer::setExcludePatterns);
            tracer.setTraceProcessors(config.traceProcessors());
            tracer.init(camelContext);
            return tracer;
        }
    }
}
