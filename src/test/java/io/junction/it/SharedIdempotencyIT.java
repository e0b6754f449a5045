package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways, each in its own consumer group, read the same topic in which every event appears twice; with the
 * PostgreSQL idempotency store they share, each event is delivered exactly once in total.
 */
class SharedIdempotencyIT {

    static final int EVENTS = 200;

    @TempDir
    Path tmp;

    @Test
    void twoGatewaysShareOneIdempotencyStore() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String in = "it-idem-in-" + run;
        String out = "it-idem-out-" + run;
        Kafka.createTopic(in, 2);
        Kafka.createTopic(out, 1);
        try (KafkaProducer<byte[], byte[]> p = Kafka.producer()) {
            for (int copy = 0; copy < 2; copy++) {
                for (int i = 0; i < EVENTS; i++) {
                    p.send(new ProducerRecord<>(in, ("k" + i).getBytes(StandardCharsets.UTF_8),
                            ("{\"id\":\"e-" + i + "\",\"copy\":" + copy + "}").getBytes(StandardCharsets.UTF_8)));
                }
            }
            p.flush();
        }
        Map<String, String> postgres = GatewayProcess.env("JUNCTION_IDEMPOTENCY_STORE", "postgres");
        GatewayProcess[] gateways = new GatewayProcess[2];
        try {
            for (int g = 0; g < 2; g++) {
                Path routes = Files.createDirectories(tmp.resolve("routes-" + g));
                Files.writeString(routes.resolve("dedupe.yaml"), """
                        - route:
                            id: dedupe-%1$s
                            from:
                              uri: kamelet:kafka-source
                              parameters: {topic: %2$s, groupId: group-%3$d-%1$s}
                              steps:
                                - idempotentConsumer:
                                    jq:
                                      expression: ".id"
                                      resultType: java.lang.String
                                    idempotentRepository: "#junctionIdempotency"
                                    steps:
                                      - to: {uri: kamelet:kafka-sink, parameters: {topic: %4$s}}
                        """.formatted(run, in, g, out));
                gateways[g] = GatewayProcess.start("idempotency-" + g, postgres, routes);
            }
            for (GatewayProcess g : gateways) {
                g.awaitReady();
            }
            for (int g = 0; g < 2; g++) {
                String group = "group-" + g + "-" + run;
                await().atMost(Duration.ofMinutes(3)).until(() -> Kafka.committed(group, in) == 2L * EVENTS);
            }
            List<ConsumerRecord<byte[], byte[]>> delivered = Kafka.read(out, 2 * EVENTS, Duration.ofSeconds(20));
            Set<String> ids = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : delivered) {
                String v = new String(r.value(), StandardCharsets.UTF_8);
                ids.add(v.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
            }
            assertThat(ids).hasSize(EVENTS);
            assertThat(delivered).as("each event delivered once across both gateways").hasSize(EVENTS);
        } finally {
            for (GatewayProcess g : gateways) {
                if (g != null) {
                    g.close();
                }
            }
        }
    }
}
