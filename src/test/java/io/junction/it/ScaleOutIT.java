package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many gateways sharing the work through the engines that already distribute it: a Kafka consumer group, and
 * competing consumers on an AMQP or RabbitMQ queue. One gateway is SIGKILLed mid-stream and not restarted: the
 * others take over its share and every event arrives; on Kafka, per-key order of first deliveries is kept. On MQTT,
 * a shared subscription spreads the messages and the broker keeps a killed gateway's share for its persistent
 * session, so that gateway must come back under the same client id (a StatefulSet pod) to deliver it.
 */
class ScaleOutIT {

    static final int N = 12_000;

    @TempDir
    Path tmp;

    final String run = UUID.randomUUID().toString().substring(0, 6);

    Path routes(String yaml) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(dir.resolve("scale.yaml"), yaml);
        return dir;
    }

    static int partitions(GatewayProcess g) throws Exception {
        return RecoveryIT.partitionsCheck(g).path("data").path("partitions").asInt();
    }

    /** Reads {@code out} until {@code n} distinct ids arrived, keeping every record (duplicates too). */
    static void readAll(KafkaConsumer<byte[], byte[]> consumer, String out, int n,
            List<ConsumerRecord<byte[], byte[]>> records, Set<String> ids) {
        consumer.subscribe(List.of(out));
        await("all " + n + " ids on " + out).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        records.add(r);
                        ids.add(CrashIT.idOf(r));
                    }
                    return ids.size() == n;
                });
    }

    /**
     * Starts {@code count} gateways on the same routes, kills the first once a fifth arrived, collects everything.
     * With {@code kafkaInput}, the input is produced there, half before and half after the kill, so that the kill
     * lands mid-stream however fast the gateways are; otherwise the input was filled beforehand.
     */
    static List<ConsumerRecord<byte[], byte[]>> killOneOf(int count, Path routes, String out, int outPartitions,
            String kafkaInput) throws Exception {
        boolean kafka = kafkaInput != null;
        List<GatewayProcess> gateways = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = Kafka.consumer("scale-check-" + UUID.randomUUID())) {
            for (int i = 0; i < count; i++) {
                gateways.add(GatewayProcess.start("scale-" + i, routes));
            }
            for (GatewayProcess g : gateways) {
                g.awaitReady();
            }
            if (kafka) {
                await("every gateway holds partitions").atMost(Duration.ofSeconds(60)).until(() -> {
                    int sum = 0;
                    for (GatewayProcess g : gateways) {
                        int p = partitions(g);
                        if (p == 0) {
                            return false;
                        }
                        sum += p;
                    }
                    return sum == 6;
                });
            }
            if (kafka) {
                CrashIT.produceNumbered(kafkaInput, 0, N / 2);
            }
            await("a fifth bridged").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Kafka.endOffset(out, outPartitions) >= N / 5);
            gateways.get(0).kill();
            long killedAt = System.nanoTime();
            long atKill = Kafka.endOffset(out, outPartitions);
            if (kafka) {
                CrashIT.produceNumbered(kafkaInput, N / 2, N);
            }
            assertThat(atKill).as("the kill must land mid-stream").isLessThan(N);
            if (kafka) {
                await("the survivors hold all 6 partitions").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> partitions(gateways.get(1)) + partitions(gateways.get(2)) == 6);
                System.out.printf("scale-out kafka: partitions of the killed gateway moved in %.1f s%n",
                        (System.nanoTime() - killedAt) / 1e9);
            }
            readAll(consumer, out, N, records, ids);
            System.out.printf("scale-out %s: %d gateways, one killed after %d of %d; %d distinct, %d duplicates%n",
                    out, count, atKill, N, ids.size(), records.size() - ids.size());
        } finally {
            for (GatewayProcess g : gateways) {
                g.close();
            }
        }
        assertThat(ids).hasSize(N);
        return records;
    }

    @Test
    void threeGatewaysShareSixPartitionsAndSurviveTheLossOfOne() throws Exception {
        String in = "scale-in-" + run;
        String out = "scale-out-" + run;
        Kafka.createTopic(in, 6);
        Kafka.createTopic(out, 6);
        List<ConsumerRecord<byte[], byte[]>> records = killOneOf(3, routes("""
                - route:
                    id: scale-kafka
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %s, groupId: scale-g-%s}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %s}}
                """.formatted(in, run, out)), out, 6, in);

        // Per key (and so per partition), ids first appear in the order they were produced.
        records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        CrashIT.assertFirstDeliveriesInKeyOrder(records);
    }

    @Test
    void twoGatewaysCompeteOnAnAmqpQueueAndSurviveTheLossOfOne() throws Exception {
        String queue = "scale-a-" + run;
        String out = "scale-a-out-" + run;
        Kafka.createTopic(out, 1);
        Brokers.fillAmqpQueue(queue, N, CrashIT::payload);
        killOneOf(2, routes(FaultsIT.toKafka("scale-amqp", "amqp-source?destination=" + queue, out)), out, 1, null);
    }

    @Test
    void twoGatewaysCompeteOnARabbitMqQueueAndSurviveTheLossOfOne() throws Exception {
        String exchange = "scale-r-ex-" + run;
        String queue = "scale-r-" + run;
        String out = "scale-r-out-" + run;
        Kafka.createTopic(out, 1);
        Brokers.fillRabbitQueue(exchange, queue, N, CrashIT::payload);
        try {
            killOneOf(2, routes(FaultsIT.toKafka("scale-rabbitmq", "rabbitmq-source?queue=" + queue, out)), out, 1,
                    null);
        } finally {
            FaultsIT.deleteRabbit(exchange, queue);
        }
    }

    @Test
    void twoGatewaysShareAnMqttSubscriptionAndAKilledOneDeliversItsShareWhenItReturns() throws Exception {
        // Mosquitto queues at most 1,000 messages per session by default: 1,500 over two sessions stays below it.
        int n = 1_500;
        String topic = "scale-m-" + run;
        String out = "scale-m-out-" + run;
        Kafka.createTopic(out, 1);
        // Each gateway subscribes with its own persistent session, named after its instance id (the pod name);
        // the record key says which gateway bridged the message.
        Path routes = routes("""
                - route:
                    id: scale-mqtt
                    from:
                      uri: kamelet:mqtt-source
                      parameters:
                        topic: "$share/%1$s/%1$s/+"
                        clientId: "%1$s-{{junction.instance.id}}"
                      steps:
                        - setHeader: {name: kafka.KEY, constant: "{{junction.instance.id}}"}
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %2$s}}
                """.formatted(topic, out));
        List<GatewayProcess> gateways = List.of(
                GatewayProcess.start("scale-m0", GatewayProcess.env("HOSTNAME", "m0"), routes),
                GatewayProcess.start("scale-m1", GatewayProcess.env("HOSTNAME", "m1"), routes));
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        MqttClient publisher = Brokers.mqtt(topic + "-publisher");
        try (KafkaConsumer<byte[], byte[]> consumer = Kafka.consumer("scale-check-" + UUID.randomUUID())) {
            for (GatewayProcess g : gateways) {
                g.awaitReady();
            }
            int i = 0;
            for (; i < n / 3; i++) {
                Brokers.publishMqtt(publisher, topic + "/d" + (i % CrashIT.KEYS), CrashIT.payload(i));
            }
            await("some bridged").atMost(Duration.ofMinutes(1)).until(() -> Kafka.endOffset(out, 1) >= n / 10);
            gateways.get(0).kill();
            long atKill = Kafka.endOffset(out, 1);
            for (; i < n; i++) {
                Brokers.publishMqtt(publisher, topic + "/d" + (i % CrashIT.KEYS), CrashIT.payload(i));
            }
            // The same pod comes back: its session resumes, with what the broker kept for it.
            gateways.get(0).restart();
            gateways.get(0).awaitReady();
            readAll(consumer, out, n, records, ids);
            System.out.printf("scale-out mqtt: 2 gateways, one killed after %d of %d and restarted; %d distinct,"
                    + " %d duplicates%n", atKill, n, ids.size(), records.size() - ids.size());
        } finally {
            publisher.disconnect();
            publisher.close();
            for (GatewayProcess g : gateways) {
                g.close();
            }
        }
        assertThat(ids).hasSize(n);
        assertThat(records).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .as("both gateways bridged a share").contains("m0", "m1");
    }
}
