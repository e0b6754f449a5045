package io.junction.connectors.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.deadletter.RetryClassifier;
import io.junction.headers.HeaderPolicy;
import io.junction.idempotency.JunctionIdempotentRepository;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.Suspendable;
import org.apache.camel.spi.ShutdownAware;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives webhook deliveries on the gateway's HTTP server. In order: method (405), client and route rate limits
 * (429 with Retry-After), content type (415), body size (413), signature or credentials over the raw body (401),
 * CloudEvents validity (400), then redelivery detection (an already delivered id is answered 2xx and not published
 * again). Only then does the route run, and the answer waits for it: 2xx once the event is stored, 503 with
 * Retry-After when the next hop is unavailable or the route is paused, 500 for anything else. Answers carry a short
 * reason, never internal details.
 */
final class WebhookConsumer extends DefaultConsumer implements Suspendable, ShutdownAware {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookEndpoint endpoint;
    private WebhookVerifier verifier;
    /** Headers that decide who sent what and which delivery it is: each may come only once. */
    private List<String> securityHeaders;
    private RateLimiter routeLimiter;
    private RateLimiter clientLimiter;
    private HeaderPolicy policy;
    private JunctionIdempotentRepository idempotency;
    private Route route;
    private Router router;
    /** The endpoint's methods and content types, parsed once: they are checked on every request. */
    private List<String> methods;
    private String allow;
    private List<String> contentTypes;
    /**
     * Requests admitted and not yet answered by the route. One waits for a worker before its exchange exists, so
     * Camel's inflight count misses it: a stop (a reload replacing the route) would stop the route's producers under
     * it and the event, already promised a run, would fail and be dead-lettered. Stops wait for these too.
     */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();

    WebhookConsumer(WebhookEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        var registry = getEndpoint().getCamelContext().getRegistry();
        Router router = registry.findSingleByType(Router.class);
        if (router == null) {
            throw new IllegalStateException("junction-webhook needs the gateway's HTTP server (run the gateway)");
        }
        HeaderPolicy configured = registry.findSingleByType(HeaderPolicy.class);
        policy = configured != null ? configured : HeaderPolicy.defaults();
        idempotency = endpoint.isIdempotency()
                ? registry.lookupByNameAndType("junctionIdempotency", JunctionIdempotentRepository.class) : null;
        verifier = endpoint.newVerifier();
        methods = endpoint.methodList();
        allow = String.join(", ", methods);
        contentTypes = endpoint.contentTypeList();
        List<String> security = new java.util.ArrayList<>(List.of("Content-Type", "Authorization", "webhook-id",
                "webhook-timestamp", "webhook-signature", "X-GitHub-Delivery", "Idempotency-Key"));
        if (verifier != null) {
            security.addAll(verifier.headers());
        }
        if (!"auto".equals(endpoint.getIdempotencyHeader())) {
            security.add(endpoint.getIdempotencyHeader());
        }
        securityHeaders = List.copyOf(security);
        routeLimiter = endpoint.getRateLimit() > 0 ? new RateLimiter(endpoint.getRateLimit(), endpoint.getRateBurst()) : null;
        clientLimiter = endpoint.getClientRateLimit() > 0
                ? new RateLimiter(endpoint.getClientRateLimit(), endpoint.getClientRateBurst()) : null;
        this.router = router;
        // Vert.x requires the body handler first; it answers 413 itself past the limit, reading no further.
        route = router.route(endpoint.getPath())
                .handler(BodyHandler.create().setBodyLimit(endpoint.getMaxBodySize()).setHandleFileUploads(false))
                .handler(this::admit)
                .handler(this::receive);
        // Then the placeholder goes (it answered 503 while the path had no route): no moment without either.
        handover().occupy(endpoint.getPath());
        LOG.info("Webhook ingress on {} (verifier {})", endpoint.getPath(), endpoint.getVerifier());
    }

    @Override
    protected void doStop() throws Exception {
        if (route != null) {
            // The placeholder first, so that no request in between finds the path gone.
            handover().vacate(router, endpoint.getPath(), endpoint.retryAfterSeconds());
            route.remove();
            route = null;
        }
        super.doStop();
    }

    private WebhookHandover handover() {
        return ((WebhookComponent) endpoint.getComponent()).handover;
    }

    /** The checks that need no look at the body. */
    private void admit(RoutingContext ctx) {
        String method = ctx.request().method().name();
        if (!methods.contains(method)) {
            ctx.response().putHeader("Allow", allow);
            reply(ctx, 405, "method not allowed", "method");
            return;
        }
        if (isSuspended() || !isRunAllowed()) {
            ctx.response().putHeader("Retry-After", Long.toString(endpoint.retryAfterSeconds()));
            reply(ctx, 503, "temporarily unavailable, retry later", "paused");
            return;
        }
        String client = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
        long wait = clientLimiter == null ? 0 : clientLimiter.acquire(client);
        if (wait == 0 && routeLimiter != null) {
            wait = routeLimiter.acquire("");
        }
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", Long.toString(wait));
            reply(ctx, 429, "too many requests", "rate-limited");
            return;
        }
        String contentType = ctx.request().getHeader("Content-Type");
        String base = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!contentTypes.contains(base)) {
            reply(ctx, 415, "unsupported content type", "content-type");
            return;
        }
        ctx.next();
    }

    private void receive(RoutingContext ctx) {
        Buffer buffer = ctx.body().buffer();
        byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
        var headers = ctx.request().headers();
        for (String name : securityHeaders) {
            if (headers.getAll(name).size() > 1) {
                // Which copy would be verified and which one published is up to each reader: refuse instead.
                reply(ctx, 400, "header " + name + " is given more than once", "repeated-header");
                return;
            }
        }
        if (verifier != null) {
            Verification v = verifier.verify(headers::get, body, Instant.now());
            if (!v.ok()) {
                reply(ctx, 401, v.reason(), "auth: " + v.reason());
                return;
            }
        }
        String contentType = headers.get("Content-Type");
        CloudEvents.Event event = null;
        try {
            if (!"off".equals(endpoint.getCloudEvents())) {
                if (CloudEvents.isBinary(headers)) {
                    event = CloudEvents.fromBinary(headers, contentType, body);
                } else if (CloudEvents.isStructured(contentType)) {
                    event = CloudEvents.fromStructured(body);
                }
            }
        } catch (CloudEvents.Invalid | IllegalArgumentException e) {
            reply(ctx, 400, e.getMessage(), "invalid");
            return;
        }
        String deliveryId = event != null ? event.id() : deliveryId(headers::get, body);
        if (event == null && "wrap".equals(endpoint.getCloudEvents())) {
            event = CloudEvents.wrap(deliveryId != null ? deliveryId : UUID.randomUUID().toString(),
                    endpoint.getCloudEventSource(), endpoint.getCloudEventType(), contentType, body);
            deliveryId = event.id();
        }
        String scope = "webhook:" + endpoint.getPath();
        String id = deliveryId;
        // Redeliveries are recognised by what the signature covers, never by an unsigned header.
        String key = verifier == null ? id : verifier.signedDeliveryId(headers::get, body).orElse(id);
        CloudEvents.Event ce = event;
        // The sender is not kept waiting forever: after requestTimeout it gets 503 and retries later. The route
        // may still finish; the retry is then recognised by its delivery id.
        long timer = ctx.vertx().setTimer(Math.max(1, endpoint.requestTimeoutMillis()), t -> {
            if (!ctx.response().ended()) {
                ctx.response().putHeader("Retry-After", Long.toString(endpoint.retryAfterSeconds()));
                reply(ctx, 503, "timed out storing the event, retry later", "timeout");
            }
        });
        // Off the event loop: a shared idempotency store, a Kafka producer waiting for metadata and blocking route
        // steps may all block. The route itself runs asynchronously, so the worker is free again as soon as the
        // route waits for its sink; the answer is sent from the event loop when the route completes.
        Context requestContext = ctx.vertx().getOrCreateContext();
        // Counted before the second look at the state: a stop that saw none pending finds this request refused.
        pending.incrementAndGet();
        if (isSuspended() || !isRunAllowed()) {
            pending.decrementAndGet();
            ctx.vertx().cancelTimer(timer);
            ctx.response().putHeader("Retry-After", Long.toString(endpoint.retryAfterSeconds()));
            reply(ctx, 503, "temporarily unavailable, retry later", "paused");
            return;
        }
        ctx.vertx().executeBlocking(() -> {
            boolean started = false;
            try {
                started = dispatch(ctx, requestContext, timer, scope, key, id, ce, body);
            } finally {
                if (!started) {
                    pending.decrementAndGet();
                }
            }
            return null;
        }, false).onFailure(e -> answer(ctx, timer, id, e instanceof Exception x ? x : new IllegalStateException(e)));
    }

    @Override
    public boolean deferShutdown(ShutdownRunningTask shutdownRunningTask) {
        return false;
    }

    @Override
    public int getPendingExchangesSize() {
        return pending.get();
    }

    @Override
    public void prepareShutdown(boolean suspendOnly, boolean forced) {
        // Nothing to hand back: new requests are refused by the suspended or stopped state.
    }

    /** Runs on a worker: claims the delivery's key, then starts the route. True when the route was started. */
    private boolean dispatch(RoutingContext ctx, Context requestContext, long timer, String scope, String key, String id,
            CloudEvents.Event event, byte[] body) {
        boolean claimed = false;
        if (idempotency != null && key != null) {
            if (!idempotency.claim(scope, key)) {
                boolean delivered = idempotency.delivered(scope, key);
                requestContext.runOnContext(v -> {
                    ctx.vertx().cancelTimer(timer);
                    if (ctx.response().ended()) {
                        return;
                    }
                    if (delivered) {
                        ctx.response().putHeader("Junction-Duplicate", "true");
                        accept(ctx, id, "duplicate");
                    } else {
                        ctx.response().putHeader("Retry-After", Long.toString(endpoint.retryAfterSeconds()));
                        reply(ctx, 503, "this delivery is being processed, retry later", "in-progress");
                    }
                });
                return false;
            }
            claimed = true;
        }

        Exchange exchange;
        try {
            exchange = newExchange(ctx, id, event, body);
        } catch (RuntimeException e) {
            if (claimed) {
                idempotency.release(scope, key);
            }
            throw e;
        }
        boolean release = claimed;
        getAsyncProcessor().process(exchange, doneSync -> {
            Exception failure = exchange.getException();
            try {
                // Settled here, not on the event loop: a shared store (PostgreSQL) blocks.
                if (release && failure == null) {
                    idempotency.complete(scope, key);
                } else if (release) {
                    idempotency.release(scope, key);
                }
            } finally {
                doneUoW(exchange);
                releaseExchange(exchange, false);
                pending.decrementAndGet();
            }
            requestContext.runOnContext(v -> answer(ctx, timer, id, failure));
        });
        return true;
    }

    /** The event as the route sees it: allowed headers, the CloudEvent's attributes and data, the delivery id. */
    private Exchange newExchange(RoutingContext ctx, String id, CloudEvents.Event event, byte[] body) {
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        var message = exchange.getIn();
        ctx.request().headers().forEach((name, value) -> {
            // CloudEvents attributes over HTTP are the ce- headers, parsed and validated above; ce_ is Kafka's
            // spelling and never an attribute here.
            if (policy.allowsInbound(name) && !name.regionMatches(true, 0, "ce-", 0, 3)
                    && !name.regionMatches(true, 0, "ce_", 0, 3)) {
                // Lower case, as HTTP/2 sends them: Kafka's header names are case-sensitive, and the same sender
                // must give the same names whichever HTTP version it spoke.
                message.setHeader(name.toLowerCase(Locale.ROOT), value);
            }
        });
        if (event != null) {
            event.headers().forEach(message::setHeader);
            message.setBody(event.data());
        } else {
            message.setBody(body);
        }
        if (id != null) {
            message.setHeader(HeaderPolicy.MESSAGE_ID, id);
        }
        return exchange;
    }

    /** On the event loop, once the route completed: 2xx when the event was stored. */
    private void answer(RoutingContext ctx, long timer, String id, Exception failure) {
        ctx.vertx().cancelTimer(timer);
        if (ctx.response().ended()) {
            return; // answered already (timeout)
        }
        if (failure == null) {
            accept(ctx, id, "accepted");
        } else {
            if (RetryClassifier.tooLarge(failure)) {
                reply(ctx, 413, "event too large for its destination", "too-large");
            } else if (failure instanceof java.util.concurrent.RejectedExecutionException) {
                // Admitted as the route stopped (a reload replacing it, a shutdown): it never ran; retry gets the next.
                ctx.response().putHeader("Retry-After", Long.toString(endpoint.retryAfterSeconds()));
                reply(ctx, 503, "temporarily unavailable, retry later", "paused");
            } else if (RetryClassifier.classify(failure) == RetryClassifier.Verdict.RETRYABLE) {
                ctx.response().putHeader("Retry-After", Long.toString(endpoint.retryAfterSeconds()));
                reply(ctx, 503, "event not stored, retry later", "unavailable");
            } else {
                reply(ctx, 500, "event not accepted", "failed");
            }
            LOG.warn("Webhook {} not accepted: {}", endpoint.getPath(), failure.getMessage());
        }
    }

    /**
     * The sender's name for the delivery (message-id, the answer's id): its id header, else what the signature
     * covers. Only a label: redeliveries are recognised by the signed key, so a captured request re-sent with
     * another id is still a duplicate and cannot mark another delivery as done.
     */
    private String deliveryId(java.util.function.Function<String, String> header, byte[] body) {
        String configured = endpoint.getIdempotencyHeader();
        if (!"auto".equals(configured)) {
            return header.apply(configured);
        }
        for (String name : List.of("webhook-id", "X-GitHub-Delivery", "Idempotency-Key")) {
            String v = header.apply(name);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return verifier == null ? null : verifier.signedDeliveryId(header, body).orElse(null);
    }

    private void accept(RoutingContext ctx, String id, String outcome) {
        count(outcome, "");
        int code = endpoint.getResponseCode();
        if ("id".equals(endpoint.getResponseBody()) && code != 204) {
            String json;
            try {
                json = JSON.writeValueAsString(Map.of("id", id == null ? "" : id));
            } catch (Exception e) {
                json = "{}";
            }
            ctx.response().setStatusCode(code).putHeader("Content-Type", "application/json").end(json);
        } else {
            ctx.response().setStatusCode(code).putHeader("Content-Length", "0").end();
        }
    }

    private void reply(RoutingContext ctx, int status, String reason, String outcome) {
        count(status >= 500 ? "unavailable" : "rejected", outcome);
        byte[] json = ("{\"error\":" + quote(reason) + "}").getBytes(StandardCharsets.UTF_8);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Buffer.buffer(json));
    }

    private void count(String outcome, String reason) {
        Metrics.counter("junction.webhook.requests", "path", endpoint.getPath(), "outcome", outcome, "reason", reason)
                .increment();
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s == null ? "" : s);
        } catch (Exception e) {
            return "\"\"";
        }
    }
}
