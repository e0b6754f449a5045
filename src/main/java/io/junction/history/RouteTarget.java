package io.junction.history;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.junction.headers.HeaderPolicy;
import io.junction.headers.IngressHeaders;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.AsyncProcessorConverterHelper;

/**
 * Replays into a running route as if its own source had just read the event: the exchange enters the route's
 * steps behind its consumer, so the route's filters, transformations, idempotency, retries and dead letters all
 * apply, and nothing else reading the same topic sees the event again (as it would if it were re-published there).
 * The event's headers pass the header policy first (they enter an exchange directly, not through a source that
 * would filter them); the key and time arrive as a Kafka source gives them (kafka.KEY, kafka.TIMESTAMP).
 * One event at a time, so the route sees them in the window's order.
 */
public final class RouteTarget implements ReplayTarget {

    private final String routeId;
    private final Route route;
    private final AsyncProcessor processor;
    private final HeaderPolicy policy;

    public RouteTarget(CamelContext camel, String routeId, HeaderPolicy policy) {
        this.routeId = routeId;
        this.route = camel.getRoute(routeId);
        if (route == null) {
            throw new IllegalArgumentException("no route " + routeId + " is running here");
        }
        ServiceStatus status = camel.getRouteController().getRouteStatus(routeId);
        if (status != ServiceStatus.Started) {
            throw new IllegalArgumentException("route " + routeId + " is " + status + ", not started");
        }
        this.processor = AsyncProcessorConverterHelper.convert(route.getConsumer().getProcessor());
        this.policy = policy;
    }

    @Override
    public CompletableFuture<Void> send(HistoryEvent event, Map<String, String> replay) {
        Exchange exchange = route.getEndpoint().createExchange();
        exchange.setProperty(IngressHeaders.REPLAY, true);
        var in = exchange.getIn();
        in.setBody(event.value());
        event.headers().forEach((k, v) -> {
            if (v != null && policy.allowsInbound(k)) {
                in.setHeader(k, v);
            }
        });
        if (event.key() != null) {
            in.setHeader(KafkaConstants.KEY, new String(event.key(), StandardCharsets.UTF_8));
        }
        in.setHeader(KafkaConstants.TIMESTAMP, event.timestamp());
        replay.forEach(in::setHeader);
        CompletableFuture<Void> done = new CompletableFuture<>();
        processor.process(exchange, sync -> {
            if (exchange.getException() != null) {
                done.completeExceptionally(exchange.getException());
            } else if (exchange.getProperty(Exchange.FAILURE_HANDLED, false, Boolean.class)) {
                done.completeExceptionally(new DeadLettered(routeId));
            } else {
                done.complete(null);
            }
        });
        return done;
    }

    @Override
    public int inFlight() {
        return 1;
    }

    @Override
    public String describe() {
        return "route " + routeId;
    }

    /** The route did not deliver the event but kept it: its dead-letter policy took it. */
    public static final class DeadLettered extends Exception {
        DeadLettered(String routeId) {
            super("route " + routeId + " dead-lettered it", null, false, false);
        }
    }
}
