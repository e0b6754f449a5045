package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost when the gateway dies: 10,000 distinct messages wait on the source, the gateway is SIGKILLed while
 * bridging them (no shutdown hook, no drain, no final commit), restarted, and every message must be on Kafka at
 * least once. The duplicate count (what at-least-once costs on a crash) is printed.
 */
class CrashIT {

    static final int N = 10_000;
    static final int KEYS = 10;
    @TempDir
    Path tmp;

    final String run = UUID.randomUUID().toString().substring(0, 6);

    static String id(int i) {
        return String.format("m-%05d", i);
    }

    static String payload(int i) {
        return "{\"id\":\"" + id(i) + "\",\"key\":\"k" + (i % KEYS) + "\",\"seq\":" + i + "}";
    }

    Path routes(String yaml) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(dir.resolve("crash.yaml"), yaml);
        return dir;
    }

    /**
     * Starts the gateway, kills it once a third of the messages arrived, restarts it, and waits until all N
     * distinct ids are on {@code out}. Returns the output records, in partition order.
     */
    List<ConsumerRecord<byte[], byte[]>> crashAndRecover(String name, Path routes, String out) throws Exception {
        long atKill;
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (GatewayProcess gateway = GatewayProcess.start(name, routes).awaitReady();
                KafkaConsumer<byte[], byte[]> consumer = Kafka.consumer("crash-check-" + run)) {
            await("a third of the messages bridged").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Kafka.endOffset(out, 1) >= N / 3);
            gateway.kill();
            atKill = Kafka.endOffset(out, 1);
            assertThat(atKill).as("the kill must land mid-stream").isLessThan(N);

            gateway.restart();
            gateway.awaitReady();
            consumer.subscribe(List.of(out));
            await("all " + N + " ids on " + out).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                            records.add(r);
                            ids.add(idOf(r));
                        }
                        return ids.size() == N;
                    });
        }
        int duplicates = records.size() - ids.size();
        System.out.printf("%s: killed after %d of %d records, recovered; %d distinct, %d duplicates (%.1f%%)%n", name,
                atKill, N, ids.size(), duplicates, 100.0 * duplicates / N);
        assertThat(ids).hasSize(N);
        return records;
    }

    static String idOf(ConsumerRecord<byte[], byte[]> r) {
        String v = new String(r.value(), StandardCharsets.UTF_8);
        int i = v.indexOf("\"id\":\"") + 6;
        return v.substring(i, v.indexOf('"', i));
    }

    /** Records 0..n-1 on {@code topic}: key k(i % KEYS), value {@link #payload(int)}. */
    static void produceNumbered(String topic, int n) throws Exception {
        produceNumbered(topic, 0, n);
    }

    /** Records from..to-1, numbered as by {@link #produceNumbered(String, int)}. */
    static void produceNumbered(String topic, int from, int to) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = Kafka.producer()) {
            for (int i = from; i < to; i++) {
                p.send(new ProducerRecord<>(topic, ("k" + (i % KEYS)).getBytes(StandardCharsets.UTF_8),
                        payload(i).getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }

    /** Per key, ids first appear in the order they were produced: a crash replays, it never reorders. */
    static void assertFirstDeliveriesInKeyOrder(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Integer> lastFirstSeen = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            int seq = Integer.parseInt(idOf(r).substring(2));
            if (seen.add(idOf(r))) {
                assertThat(seq).as("first delivery of %s for key %s", idOf(r), key)
                        .isGreaterThan(lastFirstSeen.getOrDefault(key, -1));
                lastFirstSeen.put(key, seq);
            }
            assertThat(key).isEqualTo("k" + (seq % KEYS));
        }
    }

    static String kafkaRoute(String source, String in, String group, String out) {
        return """
                - route:
                    id: crash-kafka
                    from:
                      uri: kamelet:%s
                      parameters: {topic: %s, groupId: %s}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %s}}
                """.formatted(source, in, group, out);
    }

    @Test
    void kafkaToKafkaLosesNothingAndKeepsPerKeyOrder() throws Exception {
        kafkaCrash("kafka-source", "kk");
    }

    @Test
    void kafkaBatchToKafkaLosesNothingAndKeepsPerKeyOrder() throws Exception {
        kafkaCrash("kafka-batch-source", "kb");
    }

    void kafkaCrash(String source, String tag) throws Exception {
        String in = "crash-" + tag + "-in-" + run;
        String out = "crash-" + tag + "-out-" + run;
        Kafka.createTopic(in, 1);
        Kafka.createTopic(out, 1);
        produceNumbered(in, N);
        List<ConsumerRecord<byte[], byte[]>> records = crashAndRecover("crash-" + source,
                routes(kafkaRoute(source, in, "crash-" + tag + "-g-" + run, out)), out);

        assertFirstDeliveriesInKeyOrder(records);
    }

    @Test
    void artemisToKafkaLosesNothing() throws Exception {
        String queue = "crash-ak-" + run;
        String out = "crash-ak-out-" + run;
        Kafka.createTopic(out, 1);
        Brokers.fillAmqpQueue(queue, N, CrashIT::payload);
        crashAndRecover("crash-amqp", routes("""
                - route:
                    id: crash-amqp
                    from:
                      uri: kamelet:amqp-source
                      parameters: {destination: %s}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %s}}
                """.formatted(queue, out)), out);
    }

    @Test
    void rabbitMqToKafkaLosesNothing() throws Exception {
        String exchange = "crash-rk-ex-" + run;
        String queue = "crash-rk-" + run;
        String out = "crash-rk-out-" + run;
        Kafka.createTopic(out, 1);
        Brokers.fillRabbitQueue(exchange, queue, N, CrashIT::payload);
        try {
            crashAndRecover("crash-rabbitmq", routes("""
                    - route:
                        id: crash-rabbitmq
                        from:
                          uri: kamelet:rabbitmq-source
                          parameters: {queue: %s}
                          steps:
                            - to: {uri: kamelet:kafka-sink, parameters: {topic: %s}}
                    """.formatted(queue, out)), out);
        } finally {
            try (Connection c = Brokers.rabbit(); Channel ch = c.createChannel()) {
                ch.queueDelete(queue);
                ch.exchangeDelete(exchange);
            }
        }
    }

    @Test
    void fileToKafkaLosesNothingAndFinishesTheFile() throws Exception {
        String out = "crash-fk-out-" + run;
        Kafka.createTopic(out, 1);
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < N; i++) {
            lines.append(payload(i)).append('\n');
        }
        Path staging = tmp.resolve("big.ndjson.part");
        Files.writeString(staging, lines);
        Files.move(staging, inbox.resolve("big.ndjson"));

        crashAndRecover("crash-file", routes("""
                - route:
                    id: crash-file
                    from:
                      uri: kamelet:file-source
                      parameters: {directory: "%s", include: "*.ndjson", split: lines}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %s}}
                """.formatted(inbox, out)), out);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".done/big.ndjson")));
        assertThat(inbox.resolve(".failed")).doesNotExist();
    }
}
