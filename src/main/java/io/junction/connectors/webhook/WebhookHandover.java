package io.junction.connectors.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Metrics;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

/**
 * Keeps a webhook path answering while its route is replaced. Between the old route's consumer stopping and the new
 * one starting (a reload: up to seconds with many routes) the path would answer 404, which senders such as GitHub do
 * not retry: the event would be lost. A path whose consumer stopped answers 503 with Retry-After instead, until a
 * consumer takes the path again or {@link #GRACE} has passed (the route was removed for good: 404 from then on).
 */
final class WebhookHandover {

    static final Duration GRACE = Duration.ofSeconds(30);
    private static final Buffer BODY = Buffer.buffer(
            "{\"error\":\"temporarily unavailable, retry later\"}".getBytes(StandardCharsets.UTF_8));

    private final Map<String, Route> vacated = new HashMap<>();
    private final Duration grace;

    WebhookHandover() {
        this(GRACE);
    }

    WebhookHandover(Duration grace) {
        this.grace = grace;
    }

    /** The consumer of this path stopped: 503 on it for a while. */
    synchronized void vacate(Router router, String path, long retryAfterSeconds) {
        long until = System.nanoTime() + grace.toNanos();
        Route[] self = new Route[1];
        self[0] = router.route(path).handler(ctx -> {
            if (System.nanoTime() - until > 0) {
                release(path, self[0]);
                ctx.next();
                return;
            }
            Metrics.counter("junction.webhook.requests", "path", path, "outcome", "unavailable", "reason", "paused")
                    .increment();
            ctx.response().setStatusCode(503).putHeader("Retry-After", Long.toString(retryAfterSeconds))
                    .putHeader("Content-Type", "application/json").end(BODY);
        });
        Route before = vacated.put(path, self[0]);
        if (before != null) {
            before.remove();
        }
    }

    /** A consumer takes this path: it answers from now on. */
    synchronized void occupy(String path) {
        Route placeholder = vacated.remove(path);
        if (placeholder != null) {
            placeholder.remove();
        }
    }

    private synchronized void release(String path, Route placeholder) {
        if (vacated.remove(path, placeholder)) {
            placeholder.remove();
        }
    }
}
