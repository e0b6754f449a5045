package io.junction.ingress;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.junction.config.JunctionConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A bound on the bytes of request bodies the ingress holds at once. Each request holds its body until it is complete
 * and answered, and nothing bounded how many did: 300 connections each sending a 1 MB body all but its last byte ran a
 * 256 MB gateway out of heap (eleventh probe). A request with a body reserves its Content-Length (a chunked one the
 * most the port accepts) before it is read; when the budget cannot take it, it is answered 503 with Retry-After and
 * its body is never read. A body that has not fully arrived within {@code body-timeout} closes its connection, so
 * the budget cannot be held by senders that never finish.
 *
 * <p>The management port is bounded by configuration instead: Quarkus reads every body there before any handler
 * can run, so its limits (a small body, a number of connections) are what holds it.
 */
@Singleton
public class BodyBudget {

    private final long budget;
    private final long bodyTimeoutMillis;
    private final long maxBody;

    @Inject
    public BodyBudget(JunctionConfig config,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody) {
        this.budget = config.ingress().maxBytesInFlight().map(MemorySize::asLongValue)
                .orElse(Runtime.getRuntime().maxMemory() / 8);
        this.bodyTimeoutMillis = config.ingress().bodyTimeout().toMillis();
        this.maxBody = maxBody.asLongValue();
    }

    void ingress(@Observes Router router) {
        Port port = new Port(budget, maxBody, bodyTimeoutMillis);
        router.route().order(Integer.MIN_VALUE + 2).handler(port::admit);
    }

    /** A port's budget. */
    static final class Port {
        private final long budget;
        private final long maxBody;
        private final long bodyTimeoutMillis;
        private final AtomicLong held = new AtomicLong();

        Port(long budget, long maxBody, long bodyTimeoutMillis) {
            this.budget = budget;
            this.maxBody = maxBody;
            this.bodyTimeoutMillis = bodyTimeoutMillis;
        }

        long held() {
            return held.get();
        }

        void admit(RoutingContext ctx) {
            // HTTP/2 frames a body without Content-Length or Transfer-Encoding: an open stream may send one.
            boolean open = ctx.request().version() == io.vertx.core.http.HttpVersion.HTTP_2 && !ctx.request().isEnded();
            long size = reservation(ctx.request().getHeader("Content-Length"),
                    open || ctx.request().getHeader("Transfer-Encoding") != null, maxBody);
            if (size == 0) {
                ctx.next();
                return;
            }
            if (!reserve(size)) {
                ctx.response().setStatusCode(503).putHeader("Retry-After", "1").putHeader("Connection", "close")
                        .putHeader("Content-Type", "text/plain")
                        .end("the gateway is holding as many request bodies as it may "
                                + "(junction.ingress.max-bytes-in-flight); retry shortly\n")
                        .onComplete(v -> ctx.request().connection().close());
                return;
            }
            AtomicBoolean released = new AtomicBoolean();
            long timer = ctx.vertx().setTimer(bodyTimeoutMillis, id -> {
                if (!ctx.request().isEnded() && released.compareAndSet(false, true)) {
                    held.addAndGet(-size);
                    // Closes an HTTP/1.1 connection; on HTTP/2 resets this stream only, not its neighbours.
                    ctx.response().reset();
                }
            });
            ctx.addEndHandler(done -> {
                if (released.compareAndSet(false, true)) {
                    held.addAndGet(-size);
                    ctx.vertx().cancelTimer(timer);
                }
            });
            ctx.next();
        }

        boolean reserve(long size) {
            while (true) {
                long now = held.get();
                // One body is always let in: a port must not refuse everything because the budget is small.
                if (now > 0 && now + size > budget) {
                    return false;
                }
                if (held.compareAndSet(now, now + size)) {
                    return true;
                }
            }
        }
    }

    /**
     * What a request reserves: its Content-Length, at most the port's limit (a larger one is refused with 413 before
     * its body is read); a chunked body, or an open HTTP/2 stream without a length, the port's limit; none without a
     * body. A malformed length is the framing check's to refuse: it reserves the limit meanwhile.
     */
    static long reservation(String contentLength, boolean unsized, long maxBody) {
        if (contentLength == null) {
            return unsized ? maxBody : 0;
        }
        try {
            return Math.min(Math.max(Long.parseLong(contentLength.trim()), 0), maxBody);
        } catch (NumberFormatException e) {
            return maxBody;
        }
    }
}
