package io.junction.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar run}) as a separate process, the way users run
 * it: its own ports, a route directory of the test's choosing, the project's config/ and connectors/.
 */
public final class GatewayProcess implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("junction.root", ".")).toAbsolutePath();
    static final Path APP = Path.of(System.getProperty("junction.app", "target/quarkus-app/quarkus-run.jar"))
            .toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static int started;

    private final List<Path> routeDirs;
    private final Map<String, String> env;
    private final String name;
    private final int httpPort;
    private final int managementPort;
    private final Path log;
    private Process process;

    private GatewayProcess(String name, List<Path> routeDirs, Map<String, String> env) {
        this.name = name;
        this.routeDirs = routeDirs;
        // As in production: the admin API has a token (a test that wants none, or the generated one, says so).
        Map<String, String> withToken = new LinkedHashMap<>(env);
        withToken.putIfAbsent("JUNCTION_ADMIN_TOKEN", "it-" + java.util.UUID.randomUUID());
        this.env = withToken;
        this.httpPort = freePort();
        // Two free ports asked for one after the other can be the same one: then neither interface is where it is expected.
        int management;
        do {
            management = freePort();
        } while (management == httpPort);
        this.managementPort = management;
        this.log = ROOT.resolve("target/it-logs/" + name + "-" + (++started) + ".log");
        try {
            // A log of an earlier build's gateway of the same name must not be read as this one's (restarts append).
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GatewayProcess start(String name, Path... routeDirs) {
        return start(name, Map.of(), routeDirs);
    }

    public static GatewayProcess start(String name, Map<String, String> env, Path... routeDirs) {
        GatewayProcess g = new GatewayProcess(name, List.of(routeDirs), env);
        g.launch();
        return g;
    }

    /** Starts the process again with the same ports and routes, as a supervisor restarting a crashed gateway would. */
    public void restart() {
        launch();
    }

    private void launch() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx256m");
        // Entries named -Dkey are system properties (they outrank every config file), the rest environment.
        env.forEach((k, v) -> {
            if (k.startsWith("-D")) {
                cmd.add(k + "=" + v);
            }
        });
        cmd.add("-jar");
        cmd.add(APP.toString());
        cmd.add("run");
        for (Path dir : routeDirs) {
            cmd.add("--routes");
            cmd.add(dir.toString());
        }
        cmd.add("--connectors");
        cmd.add(ROOT.resolve("connectors").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        pb.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        pb.environment().put("JUNCTION_RELOAD_POLL_INTERVAL", "500ms");
        env.forEach((k, v) -> {
            if (!k.startsWith("-D")) {
                pb.environment().put(k, v);
            }
        });
        try {
            Files.createDirectories(log.getParent());
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the gateway is ready; when it never is, stops it, so no caller leaves a gateway running. */
    public GatewayProcess awaitReady() {
        try {
            awaitReadiness();
        } catch (RuntimeException | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
        return this;
    }

    private void awaitReadiness() {
        await("gateway " + name + " ready (log: " + log + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("gateway exited with " + process.exitValue() + ":\n" + logTail());
                    }
                    try {
                        return management("/q/health/ready").statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    public HttpResponse<String> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(ingress(path)).GET());
    }

    public HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException {
        return send(HttpRequest.newBuilder(ingress(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public HttpResponse<String> management(String path) throws IOException {
        return send(adminAuth(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))).GET());
    }

    /** POST to the management port, with the admin token the gateway was started with (if any). */
    public HttpResponse<String> managementPost(String path, String json, boolean withToken) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        return send(withToken ? adminAuth(b) : b);
    }

    private HttpRequest.Builder adminAuth(HttpRequest.Builder b) {
        String token = env.get("JUNCTION_ADMIN_TOKEN");
        return token == null || token.isBlank() ? b : b.header("Authorization", "Bearer " + token);
    }

    /** The admin token this gateway was started with (empty when it makes its own). */
    public String adminToken() {
        return env.getOrDefault("JUNCTION_ADMIN_TOKEN", "");
    }

    public JsonNode admin(String path) throws IOException {
        return JSON.readTree(management(path).body());
    }

    /** The management port's base URL (health, metrics, admin API, dashboard), without a trailing slash. */
    public String managementUri() {
        return "http://127.0.0.1:" + managementPort;
    }

    public URI ingress(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no drain, no commit. What a crash or an OOM kill looks like. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM without waiting for the exit. */
    public void signalTerminate() {
        process.destroy();
    }

    /** SIGTERM: the graceful path (drain in-flight, then exit). Returns the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    /** Waits up to a minute for the process to end by itself, then kills it. Returns the exit code. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            terminate();
        }
    }

    static Map<String, String> env(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
