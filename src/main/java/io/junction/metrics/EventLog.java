package io.junction.metrics;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.junction.headers.HeaderPolicy;
import io.junction.tracing.TraceParent;

/**
 * {@code junction.events.log=true}: one log line per event when its route is done with it, on the
 * {@code junction.events} logger, for log shippers that follow events rather than metrics:
 * {@code event route=orders outcome=delivered duration_ms=4 source=orders-0@1234}. The event's trace and span ids go
 * into the log context (MDC {@code traceId}, {@code spanId}, the names Quarkus uses for its own spans), so with JSON
 * logs ({@code JUNCTION_LOG_JSON=true}) every line carries them as fields.
 */
public final class EventLog extends RoutePolicySupport {

    static final Logger LOG = Logger.getLogger("junction.events");

    private final String routeId;

    private EventLog(String routeId) {
        this.routeId = routeId;
    }

    /** For the routes {@link EventMetrics} counts. */
    public static RoutePolicyFactory factory() {
        return (CamelContext context, String routeId, NamedNode node) -> EventMetrics.userRoute(routeId, node)
                ? new EventLog(routeId) : null;
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Message in = exchange.getIn();
        String traceparent = in.getHeader(TraceParent.HEADER, String.class);
        String traceId = TraceParent.traceId(traceparent);
        if (traceId != null) {
            MDC.put("traceId", traceId);
            MDC.put("spanId", TraceParent.spanId(traceparent));
        }
        try {
            LOG.infof("event route=%s outcome=%s duration_ms=%d source=%s", routeId, EventOutcome.of(exchange).label,
                    exchange.getClock().elapsed(), source(in));
        } finally {
            if (traceId != null) {
                MDC.remove("traceId");
                MDC.remove("spanId");
            }
        }
    }

    /** Where the event came from: a Kafka position, else the message id, else "-". */
    static String source(Message in) {
        Object topic = in.getHeader(KafkaConstants.TOPIC);
        if (topic != null) {
            return topic + "-" + in.getHeader(KafkaConstants.PARTITION) + "@" + in.getHeader(KafkaConstants.OFFSET);
        }
        String id = in.getHeader(HeaderPolicy.MESSAGE_ID, String.class);
        return id != null ? id : "-";
    }
}
