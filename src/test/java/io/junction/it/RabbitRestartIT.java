package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What rabbitmq-source declares survives a broker restart with the messages queued in it: the gateway declares its
 * queue, stops, messages pile up, RabbitMQ restarts, and every message still reaches Kafka once the gateway is back.
 */
class RabbitRestartIT {

    @TempDir
    Path tmp;

    @Test
    void aDeclaredQueueKeepsItsMessagesAcrossABrokerRestart() throws Exception {
        String id = Long.toHexString(System.nanoTime());
        String queue = "it-durable-" + id;
        String exchange = "it-durable-ex-" + id;
        String topic = Kafka.uniqueTopic("rabbit-restart");
        Path routes = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(routes.resolve("bridge.yaml"), """
                - route:
                    id: durable-bridge
                    from:
                      uri: kamelet:rabbitmq-source
                      parameters:
                        queue: %s
                        exchange: %s
                        routingKey: k
                        autoDeclare: true
                      steps:
                        - to:
                            uri: kamelet:kafka-sink
                            parameters:
                              topic: %s
                """.formatted(queue, exchange, topic));
        try (GatewayProcess first = GatewayProcess.start("rabbit-declare", routes).awaitReady()) {
            assertThat(rabbitctl("list_queues", "name", "durable")).containsPattern("(?m)^" + queue + "\\s+true$");
            assertThat(rabbitctl("list_exchanges", "name", "durable")).containsPattern("(?m)^" + exchange + "\\s+true$");
        }

        int n = 50;
        try (Connection c = Brokers.rabbit(); Channel ch = c.createChannel()) {
            ch.confirmSelect();
            AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2).build();
            for (int i = 0; i < n; i++) {
                ch.basicPublish(exchange, "k", persistent, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
            ch.waitForConfirmsOrDie(30_000);
        }
        restartRabbitMq();
        try (Connection c = Brokers.rabbit(); Channel ch = c.createChannel()) {
            assertThat(ch.queueDeclarePassive(queue).getMessageCount()).as("messages queued after the restart")
                    .isEqualTo(n);
        }

        try (GatewayProcess again = GatewayProcess.start("rabbit-declare", routes).awaitReady()) {
            List<ConsumerRecord<byte[], byte[]>> records = Kafka.read(topic, n, Duration.ofSeconds(60));
            Set<String> bodies = new HashSet<>();
            records.forEach(r -> bodies.add(new String(r.value(), StandardCharsets.UTF_8)));
            assertThat(bodies).hasSize(n);
        } finally {
            try (Connection c = Brokers.rabbit(); Channel ch = c.createChannel()) {
                ch.queueDelete(queue);
                ch.exchangeDelete(exchange);
            }
        }
    }

    /** Stops and starts the RabbitMQ application (the node keeps running), as a broker restart does to queues. */
    static void restartRabbitMq() throws Exception {
        try {
            rabbitctl("stop_app");
        } finally {
            // Whatever happened, the broker every other test uses is started again.
            rabbitctl("start_app");
        }
        await("RabbitMQ accepts connections again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> {
                    try (Connection c = Brokers.rabbit()) {
                        return c.isOpen();
                    }
                });
    }

    static String rabbitctl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("rabbitmqctl", "-q"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("rabbitmqctl " + String.join(" ", args)).isTrue();
        assertThat(p.exitValue()).as("rabbitmqctl %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
