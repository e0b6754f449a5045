package io.junction.health;

import io.junction.reload.GatewayRoutes;
import io.junction.routes.KameletUses;
import io.junction.routes.RouteSet;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the route files present at start-up are loaded and every route of the running set is started, with
 * every connector route it sends through: a route whose connector route is gone cannot deliver a single event.
 */
@Readiness
@ApplicationScoped
public class RoutesReadiness implements HealthCheck {

    private final GatewayRoutes routes;
    private final CamelContext camel;

    public RoutesReadiness(GatewayRoutes routes, CamelContext camel) {
        this.routes = routes;
        this.camel = camel;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("junction-routes");
        if (!routes.loaded()) {
            return b.down().withData("reason", "route files not loaded yet").build();
        }
        RouteSet set = routes.current();
        int started = 0;
        int resting = 0;
        boolean connectorsUp = true;
        for (RouteSet.RouteUnit unit : set.routes().values()) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(unit.id());
            org.apache.camel.Route route = camel.getRoute(unit.id());
            if (status != null && status.isStarted()) {
                started++;
            } else if (route != null && !route.isAutoStartup()) {
                // autoStartup: false: stopped as its file says until someone starts it; not a start that failed.
                resting++;
                b.withData("notAutoStarted", unit.id());
            } else {
                b.withData("notStarted", unit.id());
            }
            String missing = KameletUses.notRunning(camel, unit.id());
            if (missing != null) {
                connectorsUp = false;
                b.withData("connectorRouteNotStarted", unit.id() + " -> " + missing);
            }
        }
        b.withData("routes", set.routes().size()).withData("started", started);
        return (started + resting == set.routes().size() && connectorsUp ? b.up() : b.down()).build();
    }
}
