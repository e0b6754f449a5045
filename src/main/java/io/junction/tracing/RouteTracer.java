package io.junction.tracing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.quarkus.component.opentelemetry2.CamelOpenTelemetry2Config;
import org.apache.camel.spi.RoutePolicy;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.arc.Unremovable;
import io.quarkus.opentelemetry.runtime.config.runtime.OTelRuntimeConfig;

/**
 * Camel's OpenTelemetry tracer (camel-opentelemetry2), configured as Camel Quarkus configures it, with two additions:
 * every route span names its route and, when the exchange is done, says what became of the event
 * ({@link RouteSpans}); and every text a span holds is masked ({@link MaskedTracer}). Replaces Camel Quarkus' default
 * tracer bean. With tracing off ({@link OtelEnvironment}) there is no tracer, and Camel adds no route policy or event
 * notifier at all.
 */
public class RouteTracer extends OpenTelemetryTracer {

    /** The instrumentation scope Quarkus' default tracer reports. */
    static final String SCOPE = "io.quarkus.opentelemetry";

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

        /**
         * The OpenTelemetry tracer Camel's tracer finds (the one bean of its type): Quarkus' own, masked. Camel looks
         * it up by type at run time, which Quarkus cannot see when it removes unused beans at build time.
         */
        @Produces
        @Singleton
        @Unremovable
        Tracer maskedTracer(OpenTelemetry openTelemetry) {
            return new MaskedTracer(openTelemetry.getTracer(SCOPE));
        }
    }
}
