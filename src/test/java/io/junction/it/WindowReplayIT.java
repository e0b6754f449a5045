package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay of a time window from a Kafka topic ({@code junction replay --topic}): the events whose timestamps lie in
 * [from, to) and no others, each with its key, headers and time, counted to the event; into another topic from the
 * command line, and into a running route through the admin API.
 */
class WindowReplayIT {

    final String run = UUID.randomUUID().toString().substring(0, 6);
    /** An hour ago, on a whole second: event i happened at T0 + i seconds. */
    final Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path tmp;

    /**
     * Events 0..count-1, keyed k0..k6, with a header of their own, control headers a replay must not pass on, and a
     * timestamp of T0 + i s, over 3 partitions.
     */
    void history(String topic, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = Kafka.producer()) {
            for (int i = 0; i < count; i++) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, t0.plusSeconds(i).toEpochMilli(),
                        ("k" + i % 7).getBytes(StandardCharsets.UTF_8),
                        ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                r.headers().add("origin", ("event-" + i).getBytes(StandardCharsets.UTF_8));
                r.headers().add("kafka.OVERRIDE_TOPIC", "elsewhere".getBytes(StandardCharsets.UTF_8));
                r.headers().add("CamelHttpUri", "http://127.0.0.1:1/steer".getBytes(StandardCharsets.UTF_8));
                p.send(r);
            }
            p.flush();
        }
    }

    static String cli(Map<String, String> env, int expectedExit, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                GatewayProcess.APP.toString(), "replay"));
        cmd.addAll(List.of(args));
        Processes.Result r = Processes.run(GatewayProcess.ROOT, env, cmd.toArray(String[]::new));
        assertThat(r.exit()).as(r.out()).isEqualTo(expectedExit);
        return r.out();
    }

    static int n(ConsumerRecord<byte[], byte[]> r) {
        return Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8).replaceAll("\\D", ""));
    }

    @Test
    void anExactWindowIsReplayedIntoATopicToTheEventWithKeysHeadersAndTimes() throws Exception {
        String src = "it-window-src-" + run;
        String dst = "it-window-dst-" + run;
        Kafka.createTopic(src, 3);
        Kafka.createTopic(dst, 3);
        history(src, 300);
        String from = t0.plusSeconds(50).toString();
        String to = t0.plusSeconds(250).toString();

        String dry = cli(Map.of(), 0, "--topic", src, "--from", from, "--to", to, "--dry-run");
        assertThat(dry).contains("200 events in the window, 200 would be replayed").contains(src + "/0 offsets");
        assertThat(cli(Map.of(), 0, "--topic", src, "--from", from, "--to", to, "--filter", ".n % 2 == 0", "--dry-run"))
                .contains("200 events in the window, 100 would be replayed");
        assertThat(Kafka.endOffset(dst, 3)).as("a dry run sends nothing").isZero();

        String out = cli(Map.of(), 0, "--topic", src, "--from", from, "--to", to, "--into-topic", dst);
        assertThat(out).contains("200 replayed, 0 dead-lettered by the route, 0 failed, of 200 matched");
        List<ConsumerRecord<byte[], byte[]>> got = Kafka.read(dst, 200, Duration.ofSeconds(60));
        assertThat(got).hasSize(200);
        assertThat(Kafka.endOffset(dst, 3)).as("exactly the window, nothing more").isEqualTo(200);
        Set<Integer> ns = new TreeSet<>();
        Map<String, Integer> lastPerKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : got) {
            int n = n(r);
            ns.add(n);
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("k" + n % 7);
            assertThat(r.timestamp()).isEqualTo(t0.plusSeconds(n).toEpochMilli());
            assertThat(Kafka.header(r, "origin")).isEqualTo("event-" + n);
            assertThat(r.headers().lastHeader("kafka.OVERRIDE_TOPIC")).as("L2: no control header").isNull();
            assertThat(r.headers().lastHeader("CamelHttpUri")).isNull();
            assertThat(Kafka.header(r, "junction.replay.of")).matches(src + "/\\d@\\d+");
            assertThat(Kafka.header(r, "junction.replay.window")).isEqualTo(from + "/" + to);
            assertThat(Kafka.header(r, "junction.replay.job")).isNotBlank();
            // Per key (so per partition) the window's order is kept.
            String key = new String(r.key(), StandardCharsets.UTF_8);
            assertThat(n).isGreaterThan(lastPerKey.getOrDefault(key, -1));
            lastPerKey.put(key, n);
        }
        Set<Integer> expected = new TreeSet<>();
        for (int i = 50; i < 250; i++) {
            expected.add(i);
        }
        assertThat(ns).isEqualTo(expected);

        // A filter and a rate: only the matching events, still exact.
        String dst2 = "it-window-dst2-" + run;
        Kafka.createTopic(dst2, 1);
        assertThat(cli(Map.of(), 0, "--topic", src, "--from", from, "--to", to, "--into-topic", dst2, "--filter",
                ".n >= 240", "--rate", "50")).contains("10 replayed");
        assertThat(Kafka.read(dst2, 10, Duration.ofSeconds(30))).extracting(WindowReplayIT::n)
                .containsExactly(240, 241, 242, 243, 244, 245, 246, 247, 248, 249);

        // Wrong requests are refused with the reason and change nothing.
        assertThat(cli(Map.of(), 2, "--topic", src, "--from", to, "--to", from, "--into-topic", dst2))
                .contains("must be after --from");
        assertThat(cli(Map.of(), 2, "--topic", src, "--from", "yesterday", "--into-topic", dst2))
                .contains("--from yesterday is neither an ISO-8601 time");
        assertThat(cli(Map.of(), 2, "--topic", src, "--from", from, "--into-topic", dst2, "--filter", ".n >>"))
                .contains("is not a jq expression");
        assertThat(Kafka.endOffset(dst2, 1)).isEqualTo(10);
    }

    @Test
    void aWindowIsReplayedIntoARunningRouteThroughTheAdminApi() throws Exception {
        String in = "it-window-in-" + run;
        String out = "it-window-out-" + run;
        String route = "window-" + run;
        Kafka.createTopic(in, 3);
        Kafka.createTopic(out, 3);
        Path routes = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(routes.resolve("window.yaml"), """
                - route:
                    id: %s
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %s, groupId: g-%s}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %s}}
                """.formatted(route, in, run, out));
        String token = "window-token-" + run;
        Map<String, String> env = GatewayProcess.env("JUNCTION_ADMIN_TOKEN", token);
        try (GatewayProcess gateway = GatewayProcess.start("window-replay", env, routes).awaitReady()) {
            history(in, 40);
            await().atMost(Duration.ofSeconds(90)).until(() -> Kafka.endOffset(out, 3) == 40);

            String result = cli(env, 0, "--topic", in, "--from", t0.plusSeconds(10).toString(), "--to",
                    t0.plusSeconds(30).toString(), "--into-route", route, "--gateway", gateway.managementUri());
            assertThat(result).contains("20 replayed, 0 dead-lettered by the route, 0 failed, of 20 matched");
            List<ConsumerRecord<byte[], byte[]>> all = Kafka.read(out, 60, Duration.ofSeconds(60));
            assertThat(all).hasSize(60);
            List<ConsumerRecord<byte[], byte[]>> replayed = all.stream()
                    .filter(r -> Kafka.header(r, "junction.replay.job") != null).toList();
            assertThat(replayed).extracting(WindowReplayIT::n).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.IntStream.range(10, 30).boxed().toList());
            for (ConsumerRecord<byte[], byte[]> r : replayed) {
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("k" + n(r) % 7);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Kafka.endOffset(out, 3) == 60);

            // The admin API keeps the replay and its progress, as the dashboard shows it.
            JsonNode replays = gateway.admin("/admin/replay").get("replays");
            assertThat(replays).hasSize(1);
            assertThat(replays.get(0).get("state").asText()).isEqualTo("done");
            assertThat(replays.get(0).get("replayed").asInt()).isEqualTo(20);
            assertThat(replays.get(0).get("total").asInt()).isEqualTo(20);
            assertThat(replays.get(0).get("into").asText()).isEqualTo("route " + route);

            var unknown = gateway.managementPost("/admin/replay", new ObjectMapper().writeValueAsString(Map.of(
                    "topic", in, "from", "2h", "intoRoute", "no-such-route")), true);
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("no route no-such-route");
            assertThat(gateway.managementPost("/admin/replay", "{}", false).statusCode()).isEqualTo(401);
            // Round 4: over HTTP, only archives this gateway writes; any other directory of the host is refused
            // alike, whether it exists or not.
            for (String dir : java.util.List.of("/etc", "/no/such/dir")) {
                var elsewhere = gateway.managementPost("/admin/replay", new ObjectMapper().writeValueAsString(Map.of(
                        "archive", dir, "from", "2h", "dryRun", true)), true);
                assertThat(elsewhere.statusCode()).isEqualTo(400);
                assertThat(elsewhere.body()).contains("is not one this gateway's routes write");
            }
        }
    }
}
