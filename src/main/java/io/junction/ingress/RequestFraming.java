package io.junction.ingress;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Requests whose framing a proxy in front could read differently from the gateway are refused, as RFC 9112 asks:
 * a {@code Transfer-Encoding} whose last coding is not {@code chunked}, or one sent together with
 * {@code Content-Length} (§6.1, §6.3: the seeds of request smuggling), is answered 400 and the connection closed;
 * a sound one with a coding besides chunked, which nothing here would undo, 501.
 * And the plain-text port does not switch to HTTP/2 on an {@code Upgrade: h2c} request: webhook senders speak
 * HTTP/1.1, and an upgrade is one more way past a proxy that inspects HTTP/1.1 only. HTTP/2 over TLS is unchanged.
 */
@Singleton
public class RequestFraming implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }

    void ingress(@Observes Router router) {
        install(router);
    }

    void management(@Observes ManagementInterface management) {
        install(management.router());
    }

    private static void install(Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(RequestFraming::check);
        router.route().order(Integer.MIN_VALUE).failureHandler(RequestFraming::unaddressed);
    }

    /**
     * Vert.x refuses a request that names no host (HTTP/1.1 without {@code Host}; an HTTP/2 connection preface in
     * clear text, which has no {@code :authority}) before any handler, and Quarkus's error handler then logged an
     * ERROR for each such request (a log anyone could fill) and answered with an error id, not a reason.
     */
    static void unaddressed(RoutingContext ctx) {
        if (ctx.failure() instanceof io.vertx.core.http.HttpClosedException) {
            // The client went away mid-request (or a body that never finished was cut): nobody to answer, nothing to
            // log; Quarkus logged an ERROR for each, which anyone could repeat (eleventh probe).
            return;
        }
        String failure = ctx.failure() == null ? null : ctx.failure().getMessage();
        if (ctx.statusCode() == 400 && failure != null && (failure.contains("'Host' header is required")
                || failure.contains("':authority' pseudo-header is required"))) {
            ctx.response().setStatusCode(400).putHeader("Connection", "close").putHeader("Content-Type", "text/plain")
                    .end("a request must name its host: a Host header (RFC 9112 section 3.2); this port speaks "
                            + "HTTP/1.1, and HTTP/2 only over TLS\n");
            return;
        }
        ctx.next();
    }

    static void check(RoutingContext ctx) {
        if (ctx.request().headers().getAll("Host").size() > 1) {
            // RFC 9112 section 3.2: a proxy in front may route by one and the gateway read the other.
            ctx.response().setStatusCode(400).putHeader("Connection", "close").putHeader("Content-Type", "text/plain")
                    .end("more than one Host header (RFC 9112 section 3.2)\n")
                    .onComplete(v -> ctx.request().connection().close());
            return;
        }
        if (ctx.request().headers().get("Transfer-Encoding") == null) {
            ctx.next(); // nearly every request: one lookup, no list
            return;
        }
        List<String> codings = ctx.request().headers().getAll("Transfer-Encoding");
        String problem = problem(codings, ctx.request().headers().contains("Content-Length"));
        int status = 400;
        if (problem == null) {
            problem = unsupported(codings);
            status = 501;
        }
        if (problem == null) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Connection", "close").putHeader("Content-Type", "text/plain")
                .end(problem + "\n").onComplete(v -> ctx.request().connection().close());
    }

    /**
     * A sound framing with a coding besides chunked (gzip, deflate, ...): the server does not undo it, so the body
     * would be stored still encoded. RFC 9112 section 6.1: 501.
     */
    static String unsupported(List<String> transferEncodings) {
        for (String header : transferEncodings) {
            for (String coding : header.split(",")) {
                String c = coding.strip().toLowerCase(Locale.ROOT);
                if (!c.isEmpty() && !"chunked".equals(c)) {
                    return "Transfer-Encoding '" + c + "' is not supported: send the body chunked only, and a"
                            + " compressed body with Content-Encoding (RFC 9112 section 6.1)";
                }
            }
        }
        return null;
    }

    /** Why a request's framing is refused, or null when it is sound. */
    static String problem(List<String> transferEncodings, boolean contentLength) {
        if (transferEncodings.isEmpty()) {
            return null;
        }
        if (contentLength) {
            return "Transfer-Encoding and Content-Length together: send one (RFC 9112 section 6.3)";
        }
        String last = "";
        int chunked = 0;
        for (String header : transferEncodings) {
            for (String coding : header.split(",")) {
                if (!coding.isBlank()) {
                    last = coding.strip().toLowerCase(Locale.ROOT);
                    chunked += "chunked".equals(last) ? 1 : 0;
                }
            }
        }
        if (chunked > 1) {
            return "Transfer-Encoding applies chunked more than once (RFC 9112 section 6.1 forbids it)";
        }
        return "chunked".equals(last) ? null
                : "Transfer-Encoding must end with chunked, not '" + last + "' (RFC 9112 section 6.1)";
    }
}
