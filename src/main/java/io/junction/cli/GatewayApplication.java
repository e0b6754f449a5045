package io.junction.cli;

import io.junction.reload.GatewayRoutes;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.QuarkusApplication;
import org.apache.camel.quarkus.core.CamelRuntime;

/** The gateway's lifecycle: start Camel, load the routes from disk, then run until SIGTERM drains and stops it. */
public final class GatewayApplication implements QuarkusApplication {

    @Override
    public int run(String... args) throws Exception {
        CamelRuntime camel = Arc.container().instance(CamelRuntime.class).get();
        camel.start(args);
        GatewayRoutes routes = Arc.container().instance(GatewayRoutes.class).get();
        if (!routes.start()) {
            camel.stop();
            return 1;
        }
        return camel.waitForExit();
    }
}
