package io.junction.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the two contenders of a scenario: the packaged gateway (the copy of target/quarkus-app made for this run)
 * with a route generated from bench/routes, or a baseline main class from the bench jar. Both get the same JVM
 * options, and both are ready before the measurement starts.
 */
public final class Launcher {

    /** A started contender; {@code httpPort} is where it takes webhooks. */
    public record Running(ManagedProcess process, int httpPort) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final BenchOptions options;

    public Launcher(BenchOptions options) {
        this.options = options;
    }

    /**
     * The gateway running the route template {@code template} (a file in bench/routes) with {@code @@KEY@@}
     * placeholders replaced, from the repository root so that it reads config/application.properties.
     */
    public Running gateway(String template, Map<String, String> values, Path dir, String contender) throws Exception {
        // The build compared against runs from its own tree: its config/ and connectors/ go with its code.
        boolean base = Measurement.JUNCTION_BASE.equals(contender);
        Path app = base ? options.compareApp : options.app;
        Path connectors = base ? options.compareConnectors : options.connectors;
        Path root = base ? options.compareRoot : options.root;
        if (app == null) {
            throw new IllegalStateException("no build to compare against: run bench/compare.sh REV");
        }
        String route = Files.readString(options.routeTemplates.resolve(template));
        for (Map.Entry<String, String> e : values.entrySet()) {
            route = route.replace("@@" + e.getKey() + "@@", e.getValue());
        }
        if (java.util.regex.Pattern.compile("@@[A-Z_]+@@").matcher(route).find()) {
            throw new IllegalStateException("unfilled placeholder in " + template + ":\n" + route);
        }
        Path routes = dir.resolve("routes");
        Files.createDirectories(routes);
        Files.writeString(routes.resolve(template), route);

        int http = freePort();
        int management = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(options.java);
        cmd.addAll(options.jvmOptions);
        cmd.addAll(options.gatewayJvmOptions);
        cmd.add("-jar");
        cmd.add(app.resolve("quarkus-run.jar").toString());
        cmd.add("run");
        cmd.add("--routes");
        cmd.add(routes.toString());
        cmd.add("--connectors");
        cmd.add(connectors.toString());
        ManagedProcess p = ManagedProcess.start("gateway", cmd, root, Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(http),
                "QUARKUS_MANAGEMENT_PORT", String.valueOf(management),
                "JUNCTION_KAFKA_BROKERS", options.kafkaBrokers,
                "AMQP_URL", options.amqpUrl,
                "AMQP_USERNAME", options.amqpUser,
                "AMQP_PASSWORD", options.amqpPassword,
                "RABBITMQ_HOST", options.rabbitHost,
                "RABBITMQ_PORT", String.valueOf(options.rabbitPort),
                "RABBITMQ_USERNAME", options.rabbitUser,
                "RABBITMQ_PASSWORD", options.rabbitPassword), dir.resolve("gateway.log"));
        try {
            p.awaitHttpOk(URI.create("http://127.0.0.1:" + management + "/q/health/ready"), READY_TIMEOUT);
        } catch (Exception e) {
            p.close();
            throw e;
        }
        return new Running(p, http);
    }

    /** A baseline main class from the bench jar; it prints READY once its clients are connected. */
    public Running baseline(Class<?> main, List<String> args, Path dir) throws Exception {
        return baseline(main, args, Map.of(), dir, 0);
    }

    public Running baseline(Class<?> main, List<String> args, Map<String, String> env, Path dir, int httpPort)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(options.java);
        cmd.addAll(options.jvmOptions);
        cmd.add("-cp");
        cmd.add(options.benchJar.toString());
        cmd.add(main.getName());
        cmd.addAll(args);
        Files.createDirectories(dir);
        ManagedProcess p = ManagedProcess.start("baseline " + main.getSimpleName(), cmd, options.root, env,
                dir.resolve("baseline.log"));
        try {
            p.awaitLine("READY", READY_TIMEOUT);
        } catch (Exception e) {
            p.close();
            throw e;
        }
        return new Running(p, httpPort);
    }

    /**
     * A peer: a tool users already run, started as {@code java <JVM options> <args>} (the same JVM options as the
     * other contenders), ready once its log contains {@code readyText}.
     */
    public Running peer(String name, List<String> args, Path dir, String readyText) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(options.java);
        cmd.addAll(options.jvmOptions);
        cmd.addAll(args);
        return command(name, cmd, Map.of(), dir, readyText, 0);
    }

    /** A peer that is not a JVM (Node-RED): {@code command} as it is, ready once its log contains {@code readyText}. */
    public Running command(String name, List<String> command, Map<String, String> env, Path dir, String readyText,
                           int httpPort) throws Exception {
        Files.createDirectories(dir);
        ManagedProcess p = ManagedProcess.start(name, command, options.root, env, dir.resolve(name + ".log"));
        try {
            p.awaitLine(readyText, READY_TIMEOUT, true);
        } catch (Exception e) {
            p.close();
            throw e;
        }
        return new Running(p, httpPort);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
