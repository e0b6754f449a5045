package io.junction.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Node-RED 4.1 with kafkajs as the webhook → Kafka peer: the flow a Node-RED user builds (http in → function node
 * sending with kafkajs → http response), answering 202 only after every in-sync replica has the record (acks -1).
 * bench/peers/node-red holds the flow, the settings and the package versions; bench/run.sh installs them (npm ci)
 * into bench/target/peers/node-red. Node runs one event loop: the JVM options of the other contenders do not apply.
 */
final class NodeRedPeer {

    static final String ID = "node-red";
    static final String WEBHOOK_LABEL = "Node-RED 4.1 + kafkajs 2.2 (http in → function: producer.send with acks -1 → "
            + "http response 202 after the send resolved; at-least-once)";

    private NodeRedPeer() {
    }

    static Launcher.Running webhookToKafka(RunContext run, String path, String output, int port, Path dir)
            throws Exception {
        Path installed = run.options.peersDir.resolve(ID);
        Path redJs = installed.resolve("node_modules/node-red/red.js");
        if (!Files.isRegularFile(redJs)) {
            throw new IllegalStateException("Node-RED is not installed at " + installed + " (bench/run.sh installs "
                    + "bench/peers/node-red there with npm ci; is npm on the PATH?)");
        }
        Path peer = run.options.root.resolve("bench/peers/" + ID);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("flows.json"), Files.readString(peer.resolve("flows.json")).replace("@@PATH@@", path));
        return run.launcher.command(ID, List.of("node", redJs.toString(), "--settings",
                peer.resolve("settings.js").toString()), Map.of(
                "PORT", String.valueOf(port),
                "NODE_RED_USER_DIR", dir.toString(),
                "NODE_PATH", installed.resolve("node_modules").toString(),
                "KAFKA_BROKERS", run.options.kafkaBrokers,
                "OUT_TOPIC", output,
                // kafkajs 2 warns that its default partitioner changed in 2.0; nothing here depends on the old one.
                "KAFKAJS_NO_PARTITIONER_WARNING", "1"), dir, "Started flows", port);
    }
}
