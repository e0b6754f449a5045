package io.junction.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.junction.reload.GatewayRoutes;
import io.junction.reload.ReloadHistory;
import io.junction.reload.ReloadOutcome;
import io.junction.validate.Problem;
import io.junction.validate.RouteSet;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API on the management port (never the ingress port): reload status and routes. Requires
 * {@code Authorization: Bearer <junction.admin.token>} when a token is configured; without one it answers only
 * requests from the loopback interface.
 */
@ApplicationScoped
public class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    private final GatewayRoutes routes;
    private final ReloadHistory history;
    private final CamelContext camel;
    private final Optional<String> token;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public AdminApi(GatewayRoutes routes, ReloadHistory history, CamelContext camel,
            @ConfigProperty(name = "junction.admin.token") Optional<String> token) {
        this.routes = routes;
        this.history = history;
        this.camel = camel;
        this.token = token.filter(t -> !t.isBlank());
    }

    void register(@Observes ManagementInterface management) {
        if (token.isEmpty()) {
            LOG.warn("junction.admin.token is not set: the admin API answers loopback clients only");
        }
        Router router = management.router();
        router.route("/admin/*").handler(this::authorize);
        router.get("/admin/reload").handler(ctx -> send(ctx, 200, reloadStatus()));
        router.post("/admin/reload").blockingHandler(ctx -> {
            ReloadOutcome outcome = routes.reload();
            send(ctx, outcome.rejected() ? 422 : 200, outcome(outcome));
        });
        router.get("/admin/routes").handler(ctx -> send(ctx, 200, Map.of("routes", routeList())));
    }

    private void authorize(RoutingContext ctx) {
        if (token.isPresent()) {
            String header = Optional.ofNullable(ctx.request().getHeader("Authorization")).orElse("");
            byte[] given = header.getBytes(StandardCharsets.UTF_8);
            byte[] expected = ("Bearer " + token.get()).getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(given, expected)) {
                send(ctx, 401, Map.of("error", "missing or wrong bearer token"));
                return;
            }
        } else {
            String host = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
            if (!(host.equals("127.0.0.1") || host.equals("0:0:0:0:0:0:0:1") || host.equals("::1"))) {
                send(ctx, 403, Map.of("error", "set junction.admin.token to use the admin API from other hosts"));
                return;
            }
        }
        ctx.next();
    }

    private Map<String, Object> reloadStatus() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", history.failing() ? "failing" : "ok");
        body.put("lastApplied", outcome(history.lastApplied()));
        body.put("lastRejected", outcome(history.lastRejected()));
        body.put("routeDirs", routes.routeDirs().stream().map(Object::toString).toList());
        body.put("connectorDirs", routes.connectorDirs().stream().map(Object::toString).toList());
        return body;
    }

    private static Map<String, Object> outcome(ReloadOutcome o) {
        if (o == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", o.result().name().toLowerCase());
        m.put("at", o.at());
        m.put("durationMillis", o.durationMillis());
        m.put("summary", o.summary());
        m.put("routes", o.routes());
        m.put("added", o.plan().added());
        m.put("replaced", o.plan().changed());
        m.put("removed", o.plan().removed());
        m.put("problems", o.problems().stream().map(Problem::asMap).toList());
        return m;
    }

    private List<Map<String, Object>> routeList() {
        RouteSet set = routes.current();
        List<Map<String, Object>> list = new ArrayList<>();
        for (RouteSet.RouteUnit unit : set.routes().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", unit.id());
            m.put("file", unit.file().name());
            m.put("line", unit.line());
            ServiceStatus status = camel.getRouteController().getRouteStatus(unit.id());
            m.put("status", status == null ? "absent" : status.name().toLowerCase());
            Route route = camel.getRoute(unit.id());
            m.put("from", route == null ? null : route.getEndpoint().getEndpointBaseUri());
            m.put("uptimeMillis", route == null ? 0 : route.getUptimeMillis());
            m.put("connectors", set.kameletClosure(unit.kamelets()));
            list.add(m);
        }
        return list;
    }

    private void send(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(json.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
