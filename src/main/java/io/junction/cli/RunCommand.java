package io.junction.cli;

import java.util.List;
import java.util.concurrent.Callable;

import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Run the gateway in the foreground. SIGTERM or Ctrl-C drains in-flight work, then exits.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--routes", paramLabel = "DIR", description = "Route directory (repeatable). Default: junction.routes.dirs (routes).")
    List<String> routes;

    @Option(names = "--connectors", paramLabel = "DIR", description = "Connector (Kamelet) directory (repeatable). Default: junction.connectors.dirs (connectors).")
    List<String> connectors;

    @Override
    public Integer call() {
        // System properties outrank config/application.properties and the environment in Quarkus' config.
        if (routes != null && !routes.isEmpty()) {
            System.setProperty("junction.routes.dirs", String.join(",", routes));
        }
        if (connectors != null && !connectors.isEmpty()) {
            System.setProperty("junction.connectors.dirs", String.join(",", connectors));
        }
        Quarkus.run(GatewayApplication.class);
        return 0;
    }
}
