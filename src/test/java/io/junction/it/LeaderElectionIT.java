package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that must run once, shared by two gateways: a {@code master:} route on one drop directory, with the
 * leader elected through a lock directory both mount. Every file is taken by one gateway only; when the leader is
 * SIGKILLed, the other takes over within a few heartbeats and the files dropped meanwhile arrive, each once.
 */
class LeaderElectionIT {

    @TempDir
    Path tmp;

    final String run = UUID.randomUUID().toString().substring(0, 6);

    static void drop(Path inbox, String prefix, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Path staging = inbox.getParent().resolve(prefix + i + ".part");
            Files.writeString(staging, "{\"file\":\"" + prefix + i + "\"}");
            Files.move(staging, inbox.resolve(prefix + i + ".json"));
        }
    }

    static List<String> bodies(String topic, int atLeast) {
        return Kafka.read(topic, atLeast, Duration.ofSeconds(10)).stream()
                .map((ConsumerRecord<byte[], byte[]> r) -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void twoGatewaysTakeEachFileOnceAndTheFollowerTakesOverFromAKilledLeader() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Path locks = Files.createDirectories(tmp.resolve("locks"));
        String out = "leader-out-" + run;
        Kafka.createTopic(out, 1);
        Path routes = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(routes.resolve("drop.yaml"), """
                - route:
                    id: drop-once
                    from:
                      uri: "master:drop-%s:file:%s?delay=200&include=.*\\\\.json"
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %s}}
                """.formatted(run, inbox, out));
        Map<String, String> cluster = GatewayProcess.env("JUNCTION_CLUSTER_LOCK_DIR", locks.toString());
        try (GatewayProcess a = GatewayProcess.start("leader-a", cluster, routes).awaitReady();
                GatewayProcess b = GatewayProcess.start("leader-b", cluster, routes).awaitReady()) {
            drop(inbox, "first-", 50);
            await("50 files on " + out).atMost(Duration.ofSeconds(90)).until(() -> Kafka.endOffset(out, 1) >= 50);
            assertThat(bodies(out, 50)).as("each file once").hasSize(50).doesNotHaveDuplicates();

            GatewayProcess leader = Files.readString(a.log()).contains("acquired") ? a : b;
            GatewayProcess follower = leader == a ? b : a;
            assertThat(Files.readString(follower.log())).doesNotContain("acquired");
            leader.kill();
            long killedAt = System.nanoTime();
            drop(inbox, "second-", 50);
            await("the follower takes over").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Kafka.endOffset(out, 1) > 50);
            double handover = (System.nanoTime() - killedAt) / 1e9;
            await("100 files on " + out).atMost(Duration.ofSeconds(60)).until(() -> Kafka.endOffset(out, 1) >= 100);
            List<String> all = bodies(out, 100);
            System.out.printf("leader election: leader SIGKILLed, follower took over in %.1f s; %d records, %d distinct%n",
                    handover, all.size(), all.stream().distinct().count());
            assertThat(all).hasSize(100).doesNotHaveDuplicates();
            assertThat(handover).as("seconds until the follower took over (heartbeat 2 s)").isLessThan(30.0);
            assertThat(Files.readString(follower.log())).contains("acquired");
        }
    }
}
