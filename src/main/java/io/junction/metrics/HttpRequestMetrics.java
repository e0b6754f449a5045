package io.junction.metrics;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code http_server_requests_seconds{method,uri,status,outcome}} for the ingress and the management port, with
 * every label a request can influence bounded. Quarkus' own HTTP binder (switched off) labelled the method as sent
 * and the uri as the path requested under a wildcard route: each invented method or path made new series for good,
 * and 250,000 requests from one client ran the gateway out of memory. A filter on its labels would not have helped:
 * Micrometer keeps every pre-filter id it has seen. Here the labels are made bounded before Micrometer sees them:
 * the method is one of HTTP's own or {@code _OTHER} (OpenTelemetry's name), the uri is the route that answered as
 * it was declared (its pattern, never the request's path) or {@code NOT_FOUND}, {@code REDIRECTION},
 * {@code UNMATCHED}; the status is the server's own three digits.
 */
@ApplicationScoped
public class HttpRequestMetrics {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");

    private final MeterRegistry registry;

    public HttpRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void ingress(@Observes Router router) {
        install(router);
    }

    void management(@Observes ManagementInterface management) {
        install(management.router());
    }

    private void install(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            long start = System.nanoTime();
            ctx.addEndHandler(done -> record(ctx, start));
            ctx.next();
        });
    }

    private void record(RoutingContext ctx, long start) {
        int status = ctx.response().getStatusCode();
        Timer.builder("http.server.requests").description("HTTP requests answered, by route pattern")
                .tag("method", method(ctx.request().method().name()))
                .tag("uri", uri(ctx.currentRoute(), status))
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    static String method(String name) {
        return METHODS.contains(name) ? name : "_OTHER";
    }

    /** The declared path of the route that answered; a prefix route as {@code /prefix/*}. */
    static String uri(Route route, int status) {
        String path = route == null ? null : route.getPath();
        if (path == null) {
            return status == 404 ? "NOT_FOUND" : status / 100 == 3 ? "REDIRECTION" : "UNMATCHED";
        }
        return route.isExactPath() ? path : (path.endsWith("/") ? path : path + "/") + "*";
    }

    static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }
}
