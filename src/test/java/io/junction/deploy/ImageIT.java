package io.junction.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.junction.it.Kafka;
import io.junction.it.Processes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image as a platform runs it: built by {@code ./junction image} with podman (no daemon, no registry),
 * started with a read-only root file system, routes mounted at /routes and configuration at /config, as a non-root
 * user (with the AOT cache the image was trained with, where it has one); a webhook posted through it lands in the
 * local Kafka, and SIGTERM drains and stops it.
 */
class ImageIT {

    static final Path ROOT = KubernetesManifestsIT.ROOT;
    static final String IMAGE = "localhost/junction:latest";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    final String run = UUID.randomUUID().toString().substring(0, 6);

    static Processes.Result podman(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "CONTAINERS_CONF=" + ROOT.resolve("deploy/container/containers.conf"),
                "podman"));
        cmd.addAll(List.of(args));
        return Processes.run(ROOT, cmd.toArray(String[]::new));
    }

    static int freePort() throws Exception {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theImageServesAWebhookIntoKafkaAsANonRootUserOnAReadOnlyRoot() throws Exception {
        Assumptions.assumeTrue(podman("--version").exit() == 0, "podman is not installed");
        Processes.Result built = Processes.run(ROOT, "deploy/container/build-image.sh");
        assertThat(built.exit()).as("./junction image:\n" + built.out()).isZero();
        assertThat(ROOT.resolve("target/junction-image.tar")).isNotEmptyFile();
        assertThat(podman("image", "inspect", IMAGE, "--format", "{{.Config.User}}").out().trim()).isEqualTo("10001:10001");
        // With a JDK 25 here the image is Java 25 with an AOT cache from its training run, and the container below
        // must be able to use it: AOTMode=on makes a cache the JVM cannot map a start-up error instead of a warning.
        boolean aot = Files.isExecutable(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/jlink"));
        String entrypoint = podman("image", "inspect", IMAGE, "--format", "{{.Config.Entrypoint}}").out();
        if (aot) {
            assertThat(entrypoint).contains("-XX:AOTCache=/opt/junction/app.aot");
        }

        String topic = "image-" + run;
        Path routes = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(routes.resolve("hook.yaml"), """
                - route:
                    id: image-hook
                    from:
                      uri: kamelet:webhook-source
                      parameters: {path: /hooks/image}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %s}}
                """.formatted(topic));
        Path config = Files.createDirectories(tmp.resolve("config"));
        // An override readiness shows: the Kafka check reports that it is not checked.
        Files.writeString(config.resolve("application.properties"), "junction.health.kafka.enabled=false\n");
        for (Path p : List.of(tmp, routes, config)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path p : List.of(routes.resolve("hook.yaml"), config.resolve("application.properties"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        int http = freePort();
        int management = freePort();
        String name = "junction-it-" + run;
        Processes.Result started = podman("run", "-d", "--name", name, "--network", "host", "--read-only",
                "-v", routes + ":/routes:ro", "-v", config + ":/config:ro",
                "-e", "QUARKUS_HTTP_PORT=" + http, "-e", "QUARKUS_MANAGEMENT_PORT=" + management,
                "-e", "KAFKA_BOOTSTRAP_SERVERS=" + Kafka.BROKERS,
                "-e", "JAVA_TOOL_OPTIONS=" + (aot ? "-XX:AOTMode=on" : ""), IMAGE);
        assertThat(started.exit()).as(started.out()).isZero();
        try {
            await("the container is ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        try {
                            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                                    + "/q/health/ready")).GET().build(), HttpResponse.BodyHandlers.discarding())
                                    .statusCode() == 200;
                        } catch (java.io.IOException notYet) {
                            return false;
                        }
                    });
            byte[] body = ("{\"from\":\"the image\",\"run\":\"" + run + "\"}").getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http
                    + "/hooks/image")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            List<ConsumerRecord<byte[], byte[]>> records = Kafka.read(topic, 1, Duration.ofSeconds(30));
            assertThat(records).hasSize(1);
            assertThat(records.get(0).value()).isEqualTo(body);

            // The configuration mounted at /config was read.
            String ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                    + "/q/health/ready")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(ready.replace(" ", "")).contains("\"checked\":false");

            // SIGTERM reaches java as PID 1: the gateway drains and stops by itself, well inside the timeout.
            assertThat(podman("stop", "-t", "60", name).exit()).isZero();
            assertThat(podman("logs", name).out()).contains("junction stopped in");
        } finally {
            podman("rm", "-f", name);
        }
    }
}
