package io.junction.admin;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.junction.config.JunctionConfig;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.MultiMap;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps web pages of other origins away from the management port (health, metrics, admin API, dashboard), whatever
 * the admin token says. A browser is the one client that acts for someone else: a page on any site can make it
 * send requests to 127.0.0.1:9000, and a DNS-rebinding page can even make them look same-origin.
 * <ul>
 * <li>The Host header must be an IP address, {@code localhost}, or a name in {@code junction.admin.allowed-hosts}:
 * a rebinding page's host name is none of these. Kubernetes probes and Prometheus address pods by IP.</li>
 * <li>A request a browser marks as coming from another site ({@code Origin}, {@code Sec-Fetch-Site}) is refused,
 * unless its origin is in {@code junction.admin.cors-origins}; only those origins get CORS headers. Quarkus puts
 * an allow-all CORS handler on the management router, ahead of anything an application adds: its headers are
 * taken off every answer, so at most a preflight says yes to a request that is then refused here.</li>
 * </ul>
 */
@ApplicationScoped
public class ManagementGuard {

    private final Set<String> allowedHosts;
    private final boolean anyHost;
    private final Set<String> corsOrigins;

    public ManagementGuard(JunctionConfig config) {
        List<String> hosts = config.admin().allowedHosts().orElse(List.of());
        this.anyHost = hosts.contains("*");
        this.allowedHosts = hosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.corsOrigins = config.admin().corsOrigins().orElse(List.of()).stream()
                .map(o -> o.trim().toLowerCase(Locale.ROOT).replaceFirst("/$", "")).collect(Collectors.toSet());
    }

    void register(@Observes ManagementInterface management) {
        management.router().route().order(Integer.MIN_VALUE).handler(this::check);
    }

    void check(RoutingContext ctx) {
        String refusal = refusal(ctx.request().authority(), ctx.request().headers());
        String origin = ctx.request().getHeader("Origin");
        boolean cors = origin != null && corsOrigins.contains(origin.toLowerCase(Locale.ROOT));
        ctx.addHeadersEndHandler(v -> {
            MultiMap out = ctx.response().headers();
            stripCors(out);
            if (cors) {
                // The one origin asking, never a wildcard.
                out.set("Access-Control-Allow-Origin", origin).add("Vary", "Origin")
                        .set("Access-Control-Allow-Headers", "Authorization, Content-Type")
                        .set("Access-Control-Allow-Methods", "GET, POST, DELETE");
            }
        });
        if (refusal != null) {
            ctx.response().setStatusCode(refusal.startsWith("host") ? 421 : 403)
                    .putHeader("Content-Type", "application/json")
                    .end(io.vertx.core.json.Json.encode(Map.of("error", refusal)));
            return;
        }
        // Quarkus answers any method on its /q/ endpoints as if it were GET (health said 200 to an invented method).
        String method = ctx.request().method().name();
        if (ctx.normalizedPath().startsWith("/q/") && !method.equals("GET") && !method.equals("HEAD")
                && !method.equals("OPTIONS")) {
            ctx.response().setStatusCode(405).putHeader("Allow", "GET, HEAD")
                    .putHeader("Content-Type", "application/json")
                    .end(io.vertx.core.json.Json.encode(Map.of("error", "method " + method + " is not allowed here")));
            return;
        }
        ctx.next();
    }

    /** Why a request is refused, or null. */
    String refusal(HostAndPort authority, MultiMap headers) {
        String host = authority == null ? null : authority.host();
        if (!hostAllowed(host)) {
            return "host " + host + " is not served by the management port: set junction.admin.allowed-hosts";
        }
        String origin = headers.get("Origin");
        if (origin != null && !corsOrigins.contains(origin.toLowerCase(Locale.ROOT))
                && !sameOrigin(origin, authority)) {
            return "requests from web pages of other origins are refused: set junction.admin.cors-origins";
        }
        String site = headers.get("Sec-Fetch-Site");
        if (origin == null && site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "requests from web pages of other sites are refused";
        }
        return null;
    }

    boolean hostAllowed(String host) {
        if (anyHost) {
            return true;
        }
        if (host == null || host.isBlank()) {
            return false; // HTTP/1.0 without Host: no browser sends that
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || isIpLiteral(h) || allowedHosts.contains(h);
    }

    static boolean isIpLiteral(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.contains(":")) {
            return h.matches("[0-9a-f:.%a-z]+") && h.chars().filter(c -> c == ':').count() >= 2;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameOrigin(String origin, HostAndPort authority) {
        try {
            URI o = URI.create(origin);
            if (o.getHost() == null || authority == null) {
                return false;
            }
            int port = o.getPort() != -1 ? o.getPort() : "https".equals(o.getScheme()) ? 443 : 80;
            int own = authority.port() != -1 ? authority.port() : 80;
            return o.getHost().equalsIgnoreCase(authority.host()) && port == own;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void stripCors(MultiMap headers) {
        headers.names().stream().filter(n -> n.toLowerCase(Locale.ROOT).startsWith("access-control-")).toList()
                .forEach(headers::remove);
    }
}
