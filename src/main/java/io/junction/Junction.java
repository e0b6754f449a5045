package io.junction;

import io.junction.cli.JunctionCommand;
import io.junction.serialization.DeserializationFilter;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The one entry point. {@code run} starts the gateway (Quarkus and Camel); the route-author commands
 * ({@code validate}, ...) run offline, without starting Quarkus, its ports or any broker connection.
 */
@QuarkusMain
public final class Junction {

    private Junction() {
    }

    public static void main(String... args) {
        DeserializationFilter.install();
        System.exit(JunctionCommand.execute(args));
    }
}
