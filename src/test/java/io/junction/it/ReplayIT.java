package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead-letter replay round trip: 100 events are dead-lettered because the partner rejected them, the partner is
 * fixed, {@code junction dlq replay} with a time filter re-drives exactly the later 50, all arrive, and replaying
 * everything afterwards delivers only the other 50: the route's idempotency key recognises the ones delivered.
 */
class ReplayIT {

    final String run = UUID.randomUUID().toString().substring(0, 6);
    final String route = "replay-" + run;
    final String in = "it-replay-in-" + run;

    @TempDir
    Path tmp;

    void publish(String prefix) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = Kafka.producer()) {
            for (int i = 0; i < 50; i++) {
                String json = "{\"id\":\"" + prefix + "-" + i + "\"}";
                p.send(new ProducerRecord<>(in, (prefix + i).getBytes(StandardCharsets.UTF_8),
                        json.getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }

    /** Runs the CLI as users do: {@code junction dlq ...} from the project root. */
    static String cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                GatewayProcess.APP.toString()));
        cmd.addAll(List.of(args));
        Processes.Result r = Processes.run(GatewayProcess.ROOT, cmd.toArray(String[]::new));
        assertThat(r.exit()).as(r.out()).isZero();
        return r.out();
    }

    static Set<String> ids(List<PartnerServer.Request> requests) {
        Set<String> ids = new TreeSet<>();
        requests.forEach(r -> ids.add(new String(r.body(), StandardCharsets.UTF_8).replaceAll(".*\"id\":\"([^\"]+)\".*", "$1")));
        return ids;
    }

    /**
     * The eleventh probe (High): 400 letters of 900 KB (anyone who can post a webhook that fails a schema makes them)
     * ran a 256 MB gateway out of heap on GET /admin/dlq, which the dashboard makes on load, and on a dry replay: both
     * read the whole topic into memory. They read it one letter at a time now.
     */
    @Test
    void aDeadLetterTopicLargerThanTheHeapIsListedAndReplayedInBoundedMemory() throws Exception {
        String big = "replay-big-" + run;
        Kafka.createTopic(big + ".dlq", 1);
        byte[] payload = new byte[900_000];
        java.util.Arrays.fill(payload, (byte) 'x');
        try (KafkaProducer<byte[], byte[]> producer = Kafka.producer()) {
            for (int i = 0; i < 400; i++) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(big + ".dlq", payload);
                r.headers().add("junction.dlq.id", ("dl-" + i).getBytes(StandardCharsets.UTF_8));
                r.headers().add("junction.dlq.route", big.getBytes(StandardCharsets.UTF_8));
                r.headers().add("junction.dlq.source.topic", (big + "-in").getBytes(StandardCharsets.UTF_8));
                r.headers().add("junction.dlq.exception.class", "Invalid".getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
            producer.flush();
        }
        Path routes = Files.createDirectories(tmp.resolve("big-routes"));
        Files.writeString(routes.resolve("big.yaml"), """
                - route:
                    id: %s
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %s-in, groupId: g-big-%s}
                      steps:
                        - to: "log:big"
                """.formatted(big, big, run));
        try (GatewayProcess gateway = GatewayProcess.start("replay-big", GatewayProcess.env("JUNCTION_ADMIN_TOKEN",
                "big-" + run), routes).awaitReady()) {
            JsonNode listed = new ObjectMapper().readTree(gateway.management("/admin/dlq?route=" + big + "&samples=20")
                    .body());
            assertThat(listed.get("total").asInt()).isEqualTo(400);
            assertThat(listed.get("samples")).hasSize(20);
            HttpResponse<String> dry = gateway.managementPost("/admin/dlq/replay",
                    "{\"route\":\"" + big + "\",\"dryRun\":true}", true);
            assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
            JsonNode replay = new ObjectMapper().readTree(dry.body());
            assertThat(replay.get("matched").asInt()).isEqualTo(400);
            assertThat(replay.get("wouldReplay").asInt()).isEqualTo(400);
            assertThat(gateway.alive()).isTrue();
            assertThat(Files.readString(gateway.log())).doesNotContain("OutOfMemoryError");
        }
    }

    @Test
    void replayRedrivesExactlyTheSelectedLettersAndIdempotencyStopsASecondDelivery() throws Exception {
        Kafka.createTopic(in, 1);
        try (PartnerServer partner = new PartnerServer()) {
            partner.failNext(Integer.MAX_VALUE, 400);
            Path routes = Files.createDirectories(tmp.resolve("routes"));
            Files.writeString(routes.resolve("replay.yaml"), """
                    - route:
                        id: %s
                        from:
                          uri: kamelet:kafka-source
                          parameters: {topic: %s, groupId: g-%s}
                          steps:
                            - idempotentConsumer:
                                jq:
                                  expression: ".id"
                                  resultType: java.lang.String
                                idempotentRepository: "#junctionIdempotency"
                                steps:
                                  - to: {uri: kamelet:http-sink, parameters: {url: "%s"}}
                    """.formatted(route, in, run, partner.url("/hook")));
            String token = "replay-token-" + run;
            try (GatewayProcess gateway = GatewayProcess.start("replay", GatewayProcess.env("JUNCTION_ADMIN_TOKEN", token),
                    routes).awaitReady()) {
                String dlq = route + ".dlq";
                publish("a");
                await().atMost(Duration.ofSeconds(90)).until(() -> Kafka.topicExists(dlq) && Kafka.endOffset(dlq, 3) == 50);
                Instant between = Instant.now();
                publish("b");
                await().atMost(Duration.ofSeconds(90)).until(() -> Kafka.endOffset(dlq, 3) == 100);
                assertThat(partner.requests()).hasSize(100);

                JsonNode listed = new ObjectMapper().readTree(gateway.management("/admin/dlq?route=" + route + "&samples=1").body());
                assertThat(listed.get("total").asInt()).isEqualTo(100);

                // The partner is fixed; replay only what failed after `between`: the b events.
                partner.failNext(0, 400);
                partner.requests().clear();
                String out = cli("dlq", "replay", "--route", route, "--since", between.toString());
                assertThat(out).contains("50 matched, 50 replayed, 0 skipped");
                await().atMost(Duration.ofSeconds(60)).until(() -> partner.requests().size() >= 50);
                Set<String> expectedB = new TreeSet<>();
                Set<String> expectedA = new TreeSet<>();
                for (int i = 0; i < 50; i++) {
                    expectedB.add("b-" + i);
                    expectedA.add("a-" + i);
                }
                assertThat(ids(partner.requests())).isEqualTo(expectedB);
                assertThat(partner.requests().get(0).header("junction.replay.count")).isEqualTo("1");

                // Replaying everything delivers the a events; the b events were delivered and are dropped.
                out = cli("dlq", "replay", "--route", route);
                assertThat(out).contains("100 matched, 100 replayed, 0 skipped");
                await().atMost(Duration.ofSeconds(60)).until(() -> Kafka.committed("g-" + run, in) == 250);
                assertThat(partner.requests()).hasSize(100);
                Set<String> all = new TreeSet<>(expectedA);
                all.addAll(expectedB);
                assertThat(ids(partner.requests())).isEqualTo(all);
                assertThat(gateway.management("/q/metrics").body())
                        .contains("junction_duplicates_total{route=\"" + route + "\"} 50.0");

                // The admin API answers the same questions; a dry run changes nothing. Replay needs the token, and
                // sends only to topics and configured targets (D3), never to a connector the request parameterises (M3).
                String dryRun = "{\"route\":\"" + route + "\",\"dryRun\":true}";
                assertThat(gateway.managementPost("/admin/dlq/replay", dryRun, false).statusCode()).isEqualTo(401);
                HttpResponse<String> toFile = gateway.managementPost("/admin/dlq/replay",
                        "{\"route\":\"" + route + "\",\"to\":\"file:" + tmp + "/stolen\"}", true);
                assertThat(toFile.statusCode()).isEqualTo(400);
                assertThat(toFile.body()).contains("kafka:TOPIC").contains("replay-targets");
                assertThat(tmp.resolve("stolen")).doesNotExist();
                HttpResponse<String> toConnector = gateway.managementPost("/admin/dlq/replay", "{\"route\":\"" + route
                        + "\",\"to\":\"kamelet:file-sink?directory=" + tmp + "&fileName=stolen-too\"}", true);
                assertThat(toConnector.statusCode()).as(toConnector.body()).isEqualTo(400);
                assertThat(tmp.resolve("stolen-too")).doesNotExist();
                // Sixth probe: a misspelt field ("ids") was ignored, widening the replay to every letter; internal
                // topics were accepted as targets.
                HttpResponse<String> misspelt = gateway.managementPost("/admin/dlq/replay", "{\"route\":\"" + route
                        + "\",\"ids\":[\"dl-x\"],\"dryRun\":true}", true);
                assertThat(misspelt.statusCode()).as(misspelt.body()).isEqualTo(400);
                assertThat(misspelt.body()).contains("unknown field 'ids'");
                HttpResponse<String> internal = gateway.managementPost("/admin/dlq/replay", "{\"route\":\"" + route
                        + "\",\"to\":\"kafka:__consumer_offsets\",\"dryRun\":true}", true);
                assertThat(internal.statusCode()).as(internal.body()).isEqualTo(400);
                assertThat(internal.body()).contains("internal topics");
                HttpResponse<String> dry = gateway.managementPost("/admin/dlq/replay", dryRun, true);
                assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
                assertThat(new ObjectMapper().readTree(dry.body()).get("wouldReplay").asInt()).isEqualTo(100);
                assertThat(Kafka.endOffset(in, 1)).as("the dry run sent nothing").isEqualTo(250);
            }
        }
    }
}
