package io.junction.health;

import io.junction.reload.GatewayRoutes;
import io.junction.routes.RouteSet;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the route files present at start-up are loaded and every route of the running set is started. */
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
        for (String id : set.routes().keySet()) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            if (status != null && status.isStarted()) {
                started++;
            } else {
                b.withData("notStarted", id);
            }
        }
        b.withData("routes", set.routes().size()).withData("started", started);
        return (started == set.routes().size() ? b.up() : b.down()).build();
    }
}
