package io.junction.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Stock Apache Camel Main, the Camel version Junction embeds (4.17), as a peer: what a Camel JBang user runs, a
 * plain Camel YAML route with the components' defaults, plus the settings that give the guarantee Junction gives
 * (the producer waits for all in-sync replicas, idempotent). The routes are bench/peers/camel-main/*.yaml, filled in
 * and written with the properties per round; {@code org.apache.camel.main.Main -pl file:...} runs them.
 */
final class CamelMainPeer {

    static final String ID = "camel-main";
    static final String KAFKA_LABEL = "stock Camel Main 4.17 (plain YAML kafka → kafka, one record at a time, "
            + "Kafka's auto-commit of processed polls, breakOnFirstError, acks=all, idempotence; at-least-once)";
    static final String WEBHOOK_LABEL = "stock Camel Main 4.17 (plain YAML platform-http → kafka, 202 after the "
            + "send returned, acks=all, idempotence)";

    private CamelMainPeer() {
    }

    static Launcher.Running kafkaToKafka(RunContext run, String input, String output, Path dir) throws Exception {
        return start(run, dir, route(run, "kafka-to-kafka.yaml").replace("@@IN_TOPIC@@", input)
                .replace("@@OUT_TOPIC@@", output), "");
    }

    static Launcher.Running webhookToKafka(RunContext run, String path, String output, int port, Path dir)
            throws Exception {
        return start(run, dir, route(run, "webhook-to-kafka.yaml").replace("@@PATH@@", path)
                .replace("@@OUT_TOPIC@@", output), String.join("\n",
                "camel.server.enabled=true",
                "camel.server.host=127.0.0.1",
                "camel.server.port=" + port, ""));
    }

    /** A route template in bench/peers/camel-main (bench/startup.sh runs the webhook one too). */
    private static String route(RunContext run, String file) throws java.io.IOException {
        return Files.readString(run.options.root.resolve("bench/peers/" + ID + "/" + file));
    }

    private static Launcher.Running start(RunContext run, Path dir, String route, String moreProperties)
            throws Exception {
        Files.createDirectories(dir);
        Path routeFile = dir.resolve("route.yaml");
        Files.writeString(routeFile, route);
        Path properties = dir.resolve("application.properties");
        Files.writeString(properties, String.join("\n",
                "camel.main.name=camel-main-peer",
                "camel.main.routes-include-pattern=file:" + routeFile,
                "camel.component.kafka.brokers=" + run.options.kafkaBrokers,
                "camel.component.kafka.request-required-acks=all",
                "camel.component.kafka.enable-idempotence=true",
                "") + moreProperties);
        return run.launcher.peer(ID, List.of("-cp", run.options.peerClasspath(ID), "org.apache.camel.main.Main",
                "-pl", "file:" + properties), dir, ") started in ");
    }
}
