package io.junction.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Kafka MirrorMaker 2 as a peer of the Kafka → Kafka scenario: what Kafka users run to copy topics, in its dedicated
 * mode (org.apache.kafka.connect.mirror.MirrorMaker, connect-mirror of the broker's version) with its defaults:
 * one source task, records copied with key, headers and partition, source offsets committed once the producer's
 * acknowledgements arrived (at-least-once, as Junction). Source and target are the one local cluster under two
 * aliases, so the copy of topic T is written to {@code src.T}; each round gets its own internal topics.
 */
final class MirrorMaker2Peer {

    static final String ID = "mirrormaker2";
    static final String LABEL = "MirrorMaker 2 (connect-mirror 4.1.2, dedicated mode, defaults; at-least-once)";

    private MirrorMaker2Peer() {
    }

    static String output(String input) {
        return "src." + input;
    }

    static Launcher.Running start(RunContext run, String input, Path dir) throws Exception {
        BenchOptions o = run.options;
        String classpath = o.peerClasspath(ID);
        Files.createDirectories(dir);
        String internal = dir.getFileName().toString() + "-" + run.runId;
        for (String kind : List.of("offsets", "status", "configs")) {
            run.topics.deleteLater("mm2-" + kind + "-" + internal);
        }
        run.topics.deleteLater("mm2-offset-syncs.dst.internal");
        Path config = dir.resolve("mm2.properties");
        Files.writeString(config, String.join("\n",
                "clusters = src, dst",
                "src.bootstrap.servers = " + o.kafkaBrokers,
                "dst.bootstrap.servers = " + o.kafkaBrokers,
                "src->dst.enabled = true",
                "src->dst.topics = " + input,
                "dst->src.enabled = false",
                // One broker: every topic MirrorMaker creates has one replica.
                "replication.factor = 1",
                "offset-syncs.topic.replication.factor = 1",
                "heartbeats.topic.replication.factor = 1",
                "checkpoints.topic.replication.factor = 1",
                "dst.offset.storage.replication.factor = 1",
                "dst.status.storage.replication.factor = 1",
                "dst.config.storage.replication.factor = 1",
                "dst.offset.storage.topic = mm2-offsets-" + internal,
                "dst.status.storage.topic = mm2-status-" + internal,
                "dst.config.storage.topic = mm2-configs-" + internal,
                // Only the data path is compared: no heartbeats, checkpoints, or config, ACL and group syncing.
                "emit.heartbeats.enabled = false",
                "emit.checkpoints.enabled = false",
                "sync.topic.configs.enabled = false",
                "sync.topic.acls.enabled = false",
                "sync.group.offsets.enabled = false",
                "") );
        Path log4j = dir.resolve("log4j.properties");
        Files.writeString(log4j, String.join("\n",
                "log4j.rootLogger=WARN, out",
                "log4j.logger.org.apache.kafka.connect.mirror.MirrorMaker=INFO",
                "log4j.appender.out=org.apache.log4j.ConsoleAppender",
                "log4j.appender.out.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.out.layout.ConversionPattern=%d %p %c{1} %m%n",
                ""));
        return run.launcher.peer(ID, List.of("-Dlog4j.configuration=" + log4j.toUri(), "-cp", classpath,
                "org.apache.kafka.connect.mirror.MirrorMaker", config.toString()), dir, "MirrorMaker started");
    }
}
