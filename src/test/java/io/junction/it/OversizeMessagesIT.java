package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import jakarta.jms.JMSContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message too large for Kafka (and so for its dead-letter topic too) gets a bounded dead letter, is settled, and
 * the messages behind it flow on; before, RabbitMQ took it back and delivered it again, several times a second, for
 * ever. The same from Artemis over AMQP and from MQTT.
 */
class OversizeMessagesIT {

    static final int LARGE = 5 * 1024 * 1024;
    static final String ID = Long.toHexString(System.nanoTime());

    @TempDir
    static Path tmp;
    static GatewayProcess gateway;

    static String route(String transport) {
        return "oversize-" + transport + "-" + ID;
    }

    @BeforeAll
    static void start() throws Exception {
        try (Connection c = Brokers.rabbit(); Channel ch = c.createChannel()) {
            Brokers.declareRabbitQueue(ch, "it-big-ex-" + ID, "it-big-q-" + ID, "k");
            Brokers.declareRabbitQueue(ch, "it-deep-ex-" + ID, "it-deep-q-" + ID, "k");
            Brokers.declareRabbitQueue(ch, "it-huge-ex-" + ID, "it-huge-q-" + ID, "k");
            Brokers.declareRabbitQueue(ch, "it-many-ex-" + ID, "it-many-q-" + ID, "k");
        }
        Path routes = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(routes.resolve("big.yaml"), String.join("",
                bridge("rabbitmq", "rabbitmq", "queue: it-big-q-" + ID),
                bridge("amqp", "amqp", "destination: it-big-" + ID),
                bridge("amqp-map", "amqp", "destination: it-map-" + ID),
                bridge("rabbitmq-deep", "rabbitmq", "queue: it-deep-q-" + ID),
                bridge("amqp-deep", "amqp", "destination: it-deep-" + ID),
                bridge("amqp-neighbour", "amqp", "destination: it-neighbour-" + ID),
                bridge("mqtt", "mqtt", "topic: it/big/" + ID, "clientId: it-big-" + ID),
                bridge("rabbitmq-huge", "rabbitmq", "queue: it-huge-q-" + ID),
                bridge("mqtt-huge", "mqtt", "topic: it/huge/" + ID, "clientId: it-huge-" + ID),
                bridge("amqp-huge", "amqp", "destination: it-huge-" + ID),
                """
                - route:
                    id: %1$s
                    from:
                      uri: kamelet:amqp-source
                      parameters:
                        destination: it-stream-fail-%2$s
                      steps:
                        - throwException:
                            exceptionType: java.lang.IllegalArgumentException
                            message: refused on purpose
                        - to: "kamelet:kafka-sink?topic=%1$s"
                - route:
                    id: %3$s
                    from:
                      uri: kamelet:rabbitmq-source
                      parameters:
                        queue: it-many-q-%2$s
                      steps:
                        # A slow next hop (Camel delays without blocking the consumer): what arrives meanwhile
                        # waits in the gateway, or at the broker.
                        - delay:
                            constant: 3000
                        - to: "file:%4$s?fileName=${header.message-id}"
                """.formatted(route("amqp-stream-fail"), ID, route("rabbitmq-many"), tmp.resolve("many"))));
        gateway = GatewayProcess.start("oversize", Map.of("JUNCTION_RABBITMQ_MAX_BYTES_IN_FLIGHT", "64M"), routes)
                .awaitReady();
    }

    /** A route from the transport's source connector, with these parameters, into a topic named as the route. */
    static String bridge(String name, String transport, String... parameters) {
        StringBuilder params = new StringBuilder();
        for (String p : parameters) {
            params.append("\n        ").append(p);
        }
        return """
                - route:
                    id: %1$s
                    from:
                      uri: kamelet:%2$s-source
                      parameters:%3$s
                      steps:
                        - to: "kamelet:kafka-sink?topic=%1$s"
                """.formatted(route(name), transport, params);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        try (Connection c = Brokers.rabbit(); Channel ch = c.createChannel()) {
            ch.queueDelete("it-big-q-" + ID);
            ch.exchangeDelete("it-big-ex-" + ID);
            ch.queueDelete("it-deep-q-" + ID);
            ch.exchangeDelete("it-deep-ex-" + ID);
            ch.queueDelete("it-huge-q-" + ID);
            ch.exchangeDelete("it-huge-ex-" + ID);
            ch.queueDelete("it-many-q-" + ID);
            ch.exchangeDelete("it-many-ex-" + ID);
        }
    }

    static byte[] large(char fill) {
        byte[] b = new byte[LARGE];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    /** {@code size} bytes that differ along their length, so that a hash of only a part of them cannot pass. */
    static byte[] varied(int size) {
        byte[] b = new byte[size];
        new java.util.Random(size).nextBytes(b);
        return b;
    }

    /**
     * The ninth probe (High): a RabbitMQ message over amqp-client's 64 MiB limit closed the connection and came back
     * for ever; one under it but near the heap ran the gateway out of memory. A body over
     * junction.rabbitmq.max-message-size (16M) is read as a stream: its dead letter keeps its first KiB, with the
     * size and hash of the whole, and it is settled.
     */
    @Test
    void aRabbitMqMessageOverTheLimitIsReadAsAStreamAndDeadLettered() throws Exception {
        byte[] huge = varied(100 * 1024 * 1024);
        publishThenAfter("it-huge", huge);
        assertBoundedLetter(route("rabbitmq-huge"), huge, "OversizeMessage");
        assertDrained("it-huge-q-" + ID);
        assertThat(gateway.management("/q/health/live").statusCode()).isEqualTo(200);
    }

    /**
     * The ninth probe (High): Paho holds a packet twice while it reads it, and a 100 MB MQTT message ran the gateway
     * out of memory, again after every restart (the session kept it). mqtt-source announces junction.mqtt.max-message-size
     * (16M) as its MQTT 5 Maximum Packet Size, and the broker does not send it a larger one.
     */
    @Test
    void anMqttMessageOverTheLimitIsNotSentToTheGateway() throws Exception {
        MqttClient client = Brokers.mqtt("it-huge-pub-" + ID);
        try {
            MqttMessage m = new MqttMessage(varied(20 * 1024 * 1024));
            m.setQos(1);
            client.publish("it/huge/" + ID, m);
            Brokers.publishMqtt(client, "it/huge/" + ID, "after");
        } finally {
            client.disconnect();
            client.close();
        }
        assertThat(Kafka.read(route("mqtt-huge"), 1, Duration.ofSeconds(60)))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("after");
        await("only the message after it, and no dead letter").during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10)).until(() -> Kafka.endOffset(route("mqtt-huge"), 3) == 1
                        && letters(route("mqtt-huge")) == 0);
        assertThat(gateway.management("/q/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void anOversizeRabbitMqMessageIsDeadLetteredBoundedAndSettled() throws Exception {
        byte[] big = large('r');
        publishThenAfter("it-big", big);
        assertBoundedLetter(route("rabbitmq"), big, "RecordTooLarge");
        assertDrained("it-big-q-" + ID);
    }

    /**
     * The tenth probe's remainder: RabbitMQ sends a consumer up to prefetchCount (250) unsettled messages whatever
     * their size, so behind a slow next hop 24 of 15 MB were up to 360 MB at once in a 256 MB heap. The gateway holds
     * at most junction.rabbitmq.max-bytes-in-flight (64M here) of bodies and reads the rest as it settles: every one
     * arrives, whole.
     */
    @Test
    void manyLargeRabbitMqMessagesAtOnceAllArriveWithinTheHeap() throws Exception {
        int count = 24;
        java.util.Map<String, String> sent = new java.util.HashMap<>();
        try (Connection c = Brokers.rabbit(); Channel ch = c.createChannel()) {
            ch.confirmSelect();
            for (int i = 0; i < count; i++) {
                byte[] body = varied(15 * 1024 * 1024 + i);
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2).messageId("m-" + i)
                        .build();
                ch.basicPublish("it-many-ex-" + ID, "k", props, body);
                sent.put("m-" + i, sha256(body));
            }
            ch.waitForConfirmsOrDie(120_000);
        }
        Path out = tmp.resolve("many");
        await("all " + count + " written whole").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Files.isDirectory(out) && received(out).equals(sent));
        assertDrained("it-many-q-" + ID);
        assertThat(gateway.alive()).as("the gateway ran within its heap").isTrue();
    }

    static java.util.Map<String, String> received(Path dir) throws Exception {
        java.util.Map<String, String> got = new java.util.HashMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                got.put(f.getFileName().toString(), sha256(Files.readAllBytes(f)));
            }
        }
        return got;
    }

    static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** {@code body}, then "after", persistent and confirmed, to the exchange {@code name-ex-ID}. */
    static void publishThenAfter(String name, byte[] body) throws Exception {
        try (Connection c = Brokers.rabbit(); Channel ch = c.createChannel()) {
            ch.confirmSelect();
            AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2).build();
            ch.basicPublish(name + "-ex-" + ID, "k", persistent, body);
            ch.basicPublish(name + "-ex-" + ID, "k", persistent, "after".getBytes(StandardCharsets.UTF_8));
            ch.waitForConfirmsOrDie(60_000);
        }
    }

    /** The queue is empty: what was on it was settled, not requeued. */
    static void assertDrained(String queue) throws Exception {
        try (Connection c = Brokers.rabbit(); Channel ch = c.createChannel()) {
            await("the queue is drained: its messages were settled").atMost(Duration.ofSeconds(30))
                    .until(() -> ch.queueDeclarePassive(queue).getMessageCount() == 0);
        }
    }

    @Test
    void anOversizeAmqpMessageIsDeadLetteredBoundedAndSettled() throws Exception {
        byte[] big = large('a');
        try (JMSContext ctx = Brokers.amqp()) {
            Brokers.sendAmqp(ctx, "it-big-" + ID, big, null, Map.of());
            Brokers.sendAmqp(ctx, "it-big-" + ID, "after".getBytes(StandardCharsets.UTF_8), null, Map.of());
        }
        assertBoundedLetter(route("amqp"), big, "RecordTooLarge");
    }

    /**
     * The sixth probe: a map body (an AmqpValue from rhea or Proton, a JMS MapMessage) failed kafka-sink's
     * serializer and its dead letter's alike, and Artemis moved it to its own DLQ without an envelope.
     */
    @Test
    void anAmqpMapBodyArrivesAsJson() throws Exception {
        String queue = "it-map-" + ID;
        try (JMSContext ctx = Brokers.amqp()) {
            ctx.createProducer().send(ctx.createQueue(queue), Map.<String, Object>of("order", 7, "item", "widget"));
        }
        await("the map body in Kafka, as JSON").atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                Kafka.read(route("amqp-map"), Integer.MAX_VALUE, Duration.ofSeconds(3)))
                .anySatisfy(r -> {
                    assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("\"order\":7")
                            .contains("\"item\":\"widget\"");
                    assertThat(Kafka.header(r, "content-type")).isEqualTo("application/json");
                }));
    }

    /**
     * The tenth probe (High, data loss): a JMS StreamMessage reached the route as an input stream of its byte values
     * only; it failed, and its dead letter held the stream's class name while the message was settled. Its values
     * arrive as a JSON list, and a letter holds them too.
     */
    @Test
    void aJmsStreamMessageArrivesAsAJsonListAndItsLetterKeepsIt() throws Exception {
        try (JMSContext ctx = Brokers.amqp()) {
            for (String queue : List.of("it-map-" + ID, "it-stream-fail-" + ID)) {
                jakarta.jms.StreamMessage m = ctx.createStreamMessage();
                m.writeInt(7);
                m.writeString("widget");
                m.writeBytes(new byte[] {1, 2});
                ctx.createProducer().send(ctx.createQueue(queue), m);
            }
        }
        String list = "[7,\"widget\",\"AQI=\"]";
        await("the stream's values in Kafka, as a JSON list").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(Kafka.read(route("amqp-map"), Integer.MAX_VALUE, Duration.ofSeconds(3)))
                        .anySatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(list)));
        ConsumerRecord<byte[], byte[]> letter = Kafka.read(route("amqp-stream-fail") + ".dlq", 1, Duration.ofSeconds(60))
                .get(0);
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo(list);
        assertThat(Kafka.header(letter, "junction.dlq.exception.message")).contains("refused on purpose");
    }

    /** A map nested {@code depth} deep: {"a": {"a": ... {"a": 1}}}. */
    static Map<String, Object> nested(int depth) {
        Map<String, Object> m = new java.util.HashMap<>(Map.of("a", 1));
        for (int i = 1; i < depth; i++) {
            m = new java.util.HashMap<>(Map.of("a", m));
        }
        return m;
    }

    /** A list nested {@code depth} deep: [[[ ... [1] ... ]]], 5 bytes a level in a RabbitMQ header. */
    static List<Object> nestedList(int depth) {
        List<Object> l = List.of(1);
        for (int i = 1; i < depth; i++) {
            l = List.of(l);
        }
        return l;
    }

    /** Runs on a thread with a stack deep enough for this test's own client to encode what it sends. */
    static void onDeepStack(ThrowingRunnable r) throws Exception {
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                r.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "deep-sender", 512L * 1024 * 1024);
        t.start();
        t.join();
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * The seventh probe (High): a header table nested ~9,000 deep overflowed the stack of amqp-client's frame reader;
     * the connection dropped every few seconds, the message went back on the queue for ever and health stayed UP.
     * RabbitMQ's frame_max (128 KiB) bounds the depth at ~26,000; reading costs time quadratic in it (about a minute at
     * that bound, here), so this test stays at 12,000.
     */
    @Test
    void aRabbitMqHeaderNestedThousandsDeepNeitherBreaksTheConnectionNorLoops() throws Exception {
        onDeepStack(() -> {
            try (Connection c = Brokers.rabbit(); Channel ch = c.createChannel()) {
                ch.confirmSelect();
                ch.basicPublish("it-deep-ex-" + ID, "k", new AMQP.BasicProperties.Builder().deliveryMode(2)
                        .headers(Map.of("deep", nestedList(12_000))).build(), "deep".getBytes(StandardCharsets.UTF_8));
                ch.basicPublish("it-deep-ex-" + ID, "k", new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                        "after".getBytes(StandardCharsets.UTF_8));
                ch.waitForConfirmsOrDie(30_000);
            }
        });
        List<ConsumerRecord<byte[], byte[]>> delivered = Kafka.read(route("rabbitmq-deep"), 2, Duration.ofSeconds(60));
        assertThat(delivered).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("deep", "after");
        assertDrained("it-deep-q-" + ID);
        // Auto-created topics have three partitions here: count them all.
        await("delivered once: it is not taken back and delivered again").during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(30)).until(() -> Kafka.endOffset(route("rabbitmq-deep"), 3) == 2);
    }

    /**
     * The seventh probe (High): an AMQP value nested ~15,000 deep overflowed the stack of Qpid JMS's decoder; the
     * connection the gateway's AMQP routes shared dropped, and a neighbouring route stalled with it.
     */
    @Test
    void anAmqpValueNestedThousandsDeepDoesNotStallANeighbouringRoute() throws Exception {
        onDeepStack(() -> {
            try (JMSContext ctx = Brokers.amqp()) {
                jakarta.jms.ObjectMessage m = ctx.createObjectMessage();
                m.setBooleanProperty("JMS_AMQP_TYPED_ENCODING", true);
                m.setObject((java.io.Serializable) nested(12_000));
                ctx.createProducer().send(ctx.createQueue("it-deep-" + ID), m);
            }
        });
        try (JMSContext ctx = Brokers.amqp()) {
            for (int i = 0; i < 5; i++) {
                Brokers.sendAmqp(ctx, "it-neighbour-" + ID, ("n" + i).getBytes(StandardCharsets.UTF_8), null, Map.of());
            }
        }
        // Before, the shared connection failed again on each redelivery, and nothing else got through until Artemis
        // had moved the message to its DLQ after ten attempts (about a minute).
        assertThat(Kafka.read(route("amqp-neighbour"), 5, Duration.ofSeconds(30)))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("n0", "n1", "n2", "n3", "n4");
        // The poisoned route is visible: its failures are counted, by destination.
        await("the failing source counted").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                gateway.management("/q/metrics").body()).containsPattern(
                        "junction_source_failures_total\\{destination=\"it-deep-" + ID + "\"[^}]*\\} [1-9]"));
    }

    @Test
    void anOversizeMqttMessageIsDeadLetteredBoundedAndSettled() throws Exception {
        byte[] big = large('m');
        MqttClient client = Brokers.mqtt("it-big-pub-" + ID);
        try {
            MqttMessage m = new MqttMessage(big);
            m.setQos(1);
            client.publish("it/big/" + ID, m);
            Brokers.publishMqtt(client, "it/big/" + ID, "after");
        } finally {
            client.disconnect();
            client.close();
        }
        assertBoundedLetter(route("mqtt"), big, "RecordTooLarge");
    }

    /**
     * The ninth probe (High): Qpid JMS holds a message twice while it decodes it, before any step sees it, and a 150 MB
     * AMQP message ran the gateway out of memory, again after every restart. A message over
     * junction.amqp.max-message-size (16M) is rejected while it arrives, so Artemis moves it to its dead-letter
     * address, whole, and the messages behind it flow on.
     */
    @Test
    void anAmqpMessageOverTheLimitIsRejectedWhileItArrives() throws Exception {
        String queue = "it-huge-" + ID;
        byte[] huge = varied(40 * 1024 * 1024);
        try (JMSContext ctx = Brokers.amqp()) {
            Brokers.sendAmqp(ctx, queue, huge, null, Map.of("it-id", ID));
            Brokers.sendAmqp(ctx, queue, "after".getBytes(StandardCharsets.UTF_8), null, Map.of());
        }
        assertThat(Kafka.read(route("amqp-huge"), 1, Duration.ofSeconds(60)))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("after");
        try (JMSContext ctx = Brokers.amqp();
                jakarta.jms.JMSConsumer dlq = ctx.createConsumer(ctx.createQueue("DLQ"), "\"it-id\" = '" + ID + "'")) {
            jakarta.jms.Message rejected = dlq.receive(30_000);
            assertThat(rejected).as("the message in Artemis's dead-letter address").isNotNull();
            assertThat(rejected.getBody(byte[].class)).isEqualTo(huge);
        }
        assertThat(gateway.management("/q/health/live").statusCode()).isEqualTo(200);
        assertThat(gateway.management("/q/metrics").body()).containsPattern(
                "junction_source_failures_total\\{destination=\"" + queue + "\"[^}]*\\} [1-9]");
        assertThat(Files.readString(gateway.log())).contains("over junction.amqp.max-message-size");
    }

    /** How many dead letters the route wrote; none when it never wrote one (its topic does not exist). */
    static long letters(String route) throws Exception {
        try {
            return Kafka.endOffset(route + ".dlq", 3);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return 0;
            }
            throw e;
        }
    }

    /** One letter, bounded, naming size and hash; the message after it delivered; and no second letter after a while. */
    static void assertBoundedLetter(String route, byte[] big, String failure) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> delivered = Kafka.read(route, 1, Duration.ofSeconds(60));
        assertThat(delivered).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("after");
        List<ConsumerRecord<byte[], byte[]>> letters = Kafka.read(route + ".dlq", 1, Duration.ofSeconds(60));
        assertThat(letters).hasSize(1);
        ConsumerRecord<byte[], byte[]> letter = letters.get(0);
        assertThat(Kafka.header(letter, "junction.dlq.payload.truncated")).isEqualTo("true");
        assertThat(Kafka.header(letter, "junction.dlq.payload.size")).isEqualTo(Integer.toString(big.length));
        assertThat(Kafka.header(letter, "junction.dlq.payload.sha256"))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big)));
        assertThat(Kafka.header(letter, "junction.dlq.exception.class")).contains(failure);
        assertThat(letter.value()).hasSize(1024).isEqualTo(Arrays.copyOf(big, 1024));
        // Settled once: no redelivery makes a second letter (it looped several times a second).
        await("one dead letter, and it stays one").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> Kafka.endOffset(route + ".dlq", 3) == 1);
    }
}
