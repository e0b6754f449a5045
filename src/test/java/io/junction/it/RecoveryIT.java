package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast a Kafka consumer group recovers, with the shipped configuration: a gateway SIGKILLed and restarted at
 * once takes up its partitions again within seconds of reporting ready (Kafka's default 45 s session made it wait
 * about 49 s), readiness waits for the partitions, and a gateway stopped cleanly hands its partitions over at once.
 */
class RecoveryIT {

    static final int N = 20_000;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    final String run = UUID.randomUUID().toString().substring(0, 6);

    Path routes(String in, String group, String out) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("routes-" + group));
        Files.writeString(dir.resolve("recovery.yaml"), """
                - route:
                    id: recovery
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %s, groupId: %s}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %s}}
                """.formatted(in, group, out));
        return dir;
    }

    static JsonNode partitionsCheck(GatewayProcess g) throws Exception {
        JsonNode ready = JSON.readTree(g.management("/q/health/ready").body());
        for (JsonNode check : ready.path("checks")) {
            if (check.path("name").asText().equals("kafka-partitions")) {
                return check;
            }
        }
        throw new AssertionError("no kafka-partitions readiness check in " + ready);
    }

    @Test
    void aRestartedGatewayResumesWithinTenSecondsOfReady() throws Exception {
        String in = "recovery-in-" + run;
        String out = "recovery-out-" + run;
        Kafka.createTopic(in, 3);
        Kafka.createTopic(out, 1);
        CrashIT.produceNumbered(in, N);
        try (GatewayProcess gateway = GatewayProcess.start("recovery", routes(in, "recovery-g-" + run, out))
                .awaitReady()) {
            JsonNode check = partitionsCheck(gateway);
            assertThat(check.path("status").asText()).isEqualTo("UP");
            assertThat(check.path("data").path("partitions").asInt()).as("ready means partitions assigned").isEqualTo(3);

            await("records flowing").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Kafka.endOffset(out, 1) >= N / 10);
            gateway.kill();
            long killedAt = System.nanoTime();
            gateway.restart();
            gateway.awaitReady();
            long readyAt = System.nanoTime();
            long before = Kafka.endOffset(out, 1);
            assertThat(before).as("the kill must land mid-stream").isLessThan(N);
            await("output resumes after the restart").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Kafka.endOffset(out, 1) > before);
            long resumedAt = System.nanoTime();
            double sinceReady = (resumedAt - readyAt) / 1e9;
            System.out.printf("recovery: SIGKILL -> ready %.1f s, ready -> first new record %.1f s (kill -> resume %.1f s)%n",
                    (readyAt - killedAt) / 1e9, sinceReady, (resumedAt - killedAt) / 1e9);
            assertThat(sinceReady).as("seconds from ready to the first new record").isLessThan(10.0);
            await("everything delivered").atMost(Duration.ofMinutes(3)).until(() -> Kafka.endOffset(out, 1) >= N);
        }
    }

    @Test
    void aGatewayStoppedCleanlyHandsItsPartitionsOverAtOnce() throws Exception {
        String in = "handover-in-" + run;
        String out = "handover-out-" + run;
        String group = "handover-g-" + run;
        Kafka.createTopic(in, 4);
        // A long session: if the stopping gateway did not leave its group, its partitions would wait 60 s.
        Map<String, String> longSession = GatewayProcess.env("-Dcamel.component.kafka.session-timeout-ms", "60000");
        Path routes = routes(in, group, out);
        try (GatewayProcess a = GatewayProcess.start("handover-a", longSession, routes).awaitReady();
                GatewayProcess b = GatewayProcess.start("handover-b", longSession, routes).awaitReady()) {
            await("both members share the 4 partitions").atMost(Duration.ofSeconds(60))
                    .until(() -> partitionsCheck(a).path("data").path("partitions").asInt()
                            + partitionsCheck(b).path("data").path("partitions").asInt() == 4
                            && partitionsCheck(a).path("data").path("partitions").asInt() > 0);
            a.terminate();
            long stoppedAt = System.nanoTime();
            await("the remaining gateway holds all 4").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> partitionsCheck(b).path("data").path("partitions").asInt() == 4);
            double seconds = (System.nanoTime() - stoppedAt) / 1e9;
            System.out.printf("handover: clean stop -> partitions moved in %.1f s%n", seconds);
            assertThat(seconds).as("seconds until the partitions moved (session timeout 60 s)").isLessThan(15.0);
        }
    }
}
