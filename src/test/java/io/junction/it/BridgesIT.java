package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.junction.webhooks.StandardWebhooks;
import jakarta.jms.JMSContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bridge against its real broker, through one gateway running the project's connectors: content, key,
 * headers and content type arrive as docs/connectors.md and docs/delivery.md say, and control headers sent by a
 * broker-side producer (CVE-2026-40453, CVE-2026-49098 and their kind) change nothing.
 */
class BridgesIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    /** What a hostile producer attaches, in the spellings that got past Camel's filters before. */
    static final Map<String, String> CONTROL = Map.of(
            "kafka.OVERRIDE_TOPIC", "evil-" + RUN,
            "Kafka.Override_Topic", "evil2-" + RUN,
            "CamelFileName", "../../etc/evil",
            "cAmElExecCommandExecutable", "/bin/sh",
            "JMSDestination", "queue://evil");

    @TempDir
    static Path tmp;
    static GatewayProcess gateway;
    static PartnerServer partner;

    static String name(String what) {
        return "it-" + what + "-" + RUN;
    }

    @BeforeAll
    static void start() throws Exception {
        partner = new PartnerServer();
        for (String t : List.of("kk-in", "kk-out", "kb-in", "kb-out", "ak-out", "rk-out", "mk-out", "fk-out", "kh-in",
                "kf-in", "ap-out", "rp-out", "mt-out")) {
            Kafka.createTopic(name(t), 1);
        }
        try (Connection c = Brokers.rabbit(); Channel ch = c.createChannel()) {
            Brokers.declareRabbitQueue(ch, name("rk-ex"), name("rk-q"), "k");
            Brokers.declareRabbitQueue(ch, name("rp-ex"), name("rp-q"), "k");
        }
        Path routes = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(routes.resolve("bridges.yaml"), """
                - route:
                    id: kk
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %1$s, groupId: %2$s}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %3$s}}
                - route:
                    id: ak
                    from:
                      uri: kamelet:amqp-source
                      parameters: {destination: %4$s}
                      steps:
                        - setHeader: {name: kafka.KEY, simple: "${header.correlation-id}"}
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %5$s}}
                - route:
                    id: rk
                    from:
                      uri: kamelet:rabbitmq-source
                      parameters: {queue: %6$s}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %7$s}}
                - route:
                    id: mk
                    from:
                      uri: kamelet:mqtt-source
                      parameters: {topic: "%8$s/+/readings", clientId: %9$s}
                      steps:
                        - setHeader: {name: kafka.KEY, simple: "${header.CamelMqttTopic.split('/')[1]}"}
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %10$s}}
                - route:
                    id: fk
                    from:
                      uri: kamelet:file-source
                      parameters: {directory: "%11$s", include: "*.ndjson", split: lines}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %12$s}}
                - route:
                    id: kh
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %13$s, groupId: %14$s}
                      steps:
                        - to: {uri: kamelet:http-sink, parameters: {url: "%15$s", signingSecret: "%16$s"}}
                - route:
                    id: kf
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %17$s, groupId: %18$s}
                      steps:
                        - to: {uri: kamelet:file-sink, parameters: {directory: "%19$s", fileName: archive.ndjson}}
                - route:
                    id: kb
                    from:
                      uri: kamelet:kafka-batch-source
                      parameters: {topic: %20$s, groupId: %21$s}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %22$s}}
                - route:
                    id: ap
                    # No retry, no dead letter: a failure is unhandled and goes back to the broker.
                    errorHandler:
                      defaultErrorHandler:
                        redeliveryPolicy: {maximumRedeliveries: 0}
                    from:
                      uri: kamelet:amqp-source
                      parameters: {destination: %23$s}
                      steps:
                        - filter:
                            simple: "${bodyAs(String)} contains 'poison'"
                            steps:
                              - throwException: {exceptionType: java.lang.IllegalStateException, message: "poison"}
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %24$s}}
                - route:
                    id: rp
                    errorHandler:
                      defaultErrorHandler:
                        redeliveryPolicy: {maximumRedeliveries: 0}
                    from:
                      uri: kamelet:rabbitmq-source
                      parameters: {queue: %25$s}
                      steps:
                        - filter:
                            simple: "${header.CamelSpringRabbitmqRedelivered} != true && ${bodyAs(String)} contains 'poison'"
                            steps:
                              - throwException: {exceptionType: java.lang.IllegalStateException, message: "poison"}
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %26$s}}
                - route:
                    id: mt
                    from:
                      uri: kamelet:mqtt-source
                      parameters: {topic: "%27$s/#", clientId: %28$s}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %29$s}}
                """.formatted(name("kk-in"), name("kk-g"), name("kk-out"), name("ak-q"), name("ak-out"),
                name("rk-q"), name("rk-out"), name("mk"), name("mk-client"), name("mk-out"),
                tmp.resolve("inbox"), name("fk-out"), name("kh-in"), name("kh-g"), partner.url("/hooks/orders"),
                SECRET, name("kf-in"), name("kf-g"), tmp.resolve("archive"), name("kb-in"), name("kb-g"), name("kb-out"),
                name("ap-q"), name("ap-out"), name("rp-q"), name("rp-out"), name("mt"), name("mt-client"),
                name("mt-out")));
        gateway = GatewayProcess.start("bridges", routes).awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (partner != null) {
            partner.close();
        }
    }

    static ConsumerRecord<byte[], byte[]> one(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = Kafka.read(topic, 1, Duration.ofSeconds(60));
        assertThat(records).as("a record on " + topic + "\n" + gateway.logTail()).hasSize(1);
        return records.get(0);
    }

    /** No header a component could act on reached the output, and nothing was written where they pointed. */
    static void assertNoControlHeaders(ConsumerRecord<byte[], byte[]> record) throws Exception {
        for (var h : record.headers()) {
            String n = h.key().toLowerCase(Locale.ROOT);
            assertThat(n).as("header " + h.key()).doesNotStartWith("camel").doesNotStartWith("kafka.")
                    .doesNotStartWith("jms").doesNotStartWith("org.apache");
        }
        assertThat(Kafka.topicExists("evil-" + RUN)).isFalse();
        assertThat(Kafka.topicExists("evil2-" + RUN)).isFalse();
    }

    @Test
    void kafkaToKafkaKeepsValueKeyAndAllowedHeaders() throws Exception {
        assertKafkaBridge("kk");
    }

    @Test
    void kafkaBatchToKafkaKeepsValueKeyAndAllowedHeaders() throws Exception {
        assertKafkaBridge("kb");
    }

    /** The route {@code id} bridges id-in to id-out with consumer group id-g. */
    static void assertKafkaBridge(String id) throws Exception {
        byte[] value = "{\"order\":1,\"bytes\":\"\u00e9\u20ac\"}".getBytes(StandardCharsets.UTF_8);
        var headers = new java.util.HashMap<>(CONTROL);
        headers.putAll(Map.of("content-type", "application/json", "correlation-id", "c-1",
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "x-internal-note", "drop me"));
        Kafka.send(name(id + "-in"), "order-1", value, headers);

        ConsumerRecord<byte[], byte[]> out = one(name(id + "-out"));
        assertThat(out.value()).isEqualTo(value);
        assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("order-1");
        assertThat(Kafka.header(out, "content-type")).isEqualTo("application/json");
        assertThat(Kafka.header(out, "correlation-id")).isEqualTo("c-1");
        assertThat(Kafka.header(out, "traceparent")).startsWith("00-4bf92f");
        assertThat(Kafka.header(out, "x-internal-note")).as("not on the allowlist").isNull();
        assertNoControlHeaders(out);
        await().atMost(Duration.ofSeconds(30)).until(() -> Kafka.committed(name(id + "-g"), name(id + "-in")) == 1);
    }

    @Test
    void artemisToKafkaMapsJmsMetadataAndDropsSmuggledControlNames() throws Exception {
        byte[] value = "<order id=\"2\"/>".getBytes(StandardCharsets.UTF_8);
        var props = new java.util.HashMap<>(CONTROL);
        props.remove("kafka.OVERRIDE_TOPIC");
        props.remove("Kafka.Override_Topic");
        props.remove("JMSDestination"); // Qpid JMS refuses it; a raw AMQP sender's equivalent is the _DOT_ name below
        // camel-jms decodes _DOT_ to '.', which is how kafka.OVERRIDE_TOPIC arrives through a JMS property.
        props.put("kafka_DOT_OVERRIDE_TOPIC", "evil-" + RUN);
        props.put("content-type", "application/xml");
        try (JMSContext ctx = Brokers.amqp()) {
            Brokers.sendAmqp(ctx, name("ak-q"), value, "c-2", props);
        }
        ConsumerRecord<byte[], byte[]> out = one(name("ak-out"));
        assertThat(out.value()).isEqualTo(value);
        assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("c-2");
        assertThat(Kafka.header(out, "correlation-id")).isEqualTo("c-2");
        assertThat(Kafka.header(out, "message-id")).startsWith("ID:");
        assertThat(Kafka.header(out, "content-type")).isEqualTo("application/xml");
        assertNoControlHeaders(out);
    }

    /**
     * The ninth probe (High): a sender's reply_to made amqp-source write the event to that address (any queue the
     * gateway's credentials reach, Artemis's own DLQ included), as rabbitmq-source once did with replyTo.
     */
    @Test
    void anAmqpSendersReplyToIsNotObeyed() throws Exception {
        String marker = "reply-to-" + RUN;
        String stolen = name("ak-stolen");
        try (JMSContext ctx = Brokers.amqp()) {
            jakarta.jms.BytesMessage m = ctx.createBytesMessage();
            m.writeBytes(marker.getBytes(StandardCharsets.UTF_8));
            m.setJMSReplyTo(ctx.createQueue(stolen));
            ctx.createProducer().send(ctx.createQueue(name("ak-q")), m);
        }
        List<ConsumerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
        await("the event in Kafka").atMost(Duration.ofSeconds(60)).until(() -> {
            out.addAll(Kafka.read(name("ak-out"), 10, Duration.ofSeconds(2)));
            return out.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).equals(marker));
        });
        try (JMSContext ctx = Brokers.amqp(); jakarta.jms.JMSConsumer c = ctx.createConsumer(ctx.createQueue(stolen))) {
            assertThat(c.receive(3000)).as("nothing written to the sender's reply_to").isNull();
        }
    }

    /**
     * The eighth probe: a sender's application property {@code content-type} won over the message's own content_type
     * (what rhea, Proton and .NET clients set). The protocol's metadata wins, as RabbitMQ's does.
     */
    @Test
    void artemisMessageContentTypeWinsOverASendersProperty() throws Exception {
        String marker = "content-type-" + RUN;
        try (JMSContext ctx = Brokers.amqp()) {
            jakarta.jms.BytesMessage m = ctx.createBytesMessage();
            m.writeBytes(marker.getBytes(StandardCharsets.UTF_8));
            m.setStringProperty("content-type", "text/plain");
            ((org.apache.qpid.jms.provider.amqp.message.AmqpJmsMessageFacade)
                    ((org.apache.qpid.jms.message.JmsMessage) m).getFacade())
                    .setContentType(org.apache.qpid.proton.amqp.Symbol.valueOf("application/cloudevents+json"));
            ctx.createProducer().send(ctx.createQueue(name("ak-q")), m);
        }
        List<ConsumerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
        await("the message").atMost(Duration.ofSeconds(60)).until(() -> {
            out.addAll(Kafka.read(name("ak-out"), 10, Duration.ofSeconds(2)));
            return out.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).equals(marker));
        });
        assertThat(out).filteredOn(r -> new String(r.value(), StandardCharsets.UTF_8).equals(marker))
                .singleElement().satisfies(r -> assertThat(Kafka.header(r, "content-type"))
                        .isEqualTo("application/cloudevents+json"));
    }

    /** CVE-2026-40860 / -43866: a JMS ObjectMessage is never deserialized; the messages after it flow on. */
    @Test
    void aJmsObjectMessageIsNeverDeserializedAndDoesNotBlockTheQueue() throws Exception {
        byte[] after = ("after-object-" + RUN).getBytes(StandardCharsets.UTF_8);
        try (JMSContext ctx = Brokers.amqp()) {
            ctx.createProducer().send(ctx.createQueue(name("ak-q")),
                    ctx.createObjectMessage(new java.util.ArrayList<>(List.of("gadget-" + RUN))));
            Brokers.sendAmqp(ctx, name("ak-q"), after, "c-after", java.util.Map.of());
        }
        List<ConsumerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
        await("the message after the ObjectMessage").atMost(Duration.ofSeconds(90)).until(() -> {
            out.addAll(Kafka.read(name("ak-out"), 10, Duration.ofSeconds(2)));
            return out.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains("after-object"));
        });
        assertThat(out).noneMatch(r -> new String(r.value(), StandardCharsets.ISO_8859_1).contains("gadget-" + RUN));
        assertThat(gateway.logTail()).doesNotContain("gadget-" + RUN);
    }

    /**
     * amqp-source settles each message on its own: one the route fails goes back to Artemis as "delivery failed",
     * which counts the attempt, and after Artemis's ten attempts it lands on the broker's DLQ address; the messages
     * around it are delivered once meanwhile.
     */
    @Test
    void anAmqpMessageTheRouteFailsGoesBackToTheBrokerWithoutHoldingUpTheOthers() throws Exception {
        int n = 200;
        String poison = "poison-" + RUN;
        try (JMSContext ctx = Brokers.amqp()) {
            for (int i = 0; i < n; i++) {
                String body = i == n / 2 ? poison : "ok-" + i;
                Brokers.sendAmqp(ctx, name("ap-q"), body.getBytes(StandardCharsets.UTF_8), "c-" + i, java.util.Map.of());
            }
        }
        await("the messages around the failing one").atMost(Duration.ofSeconds(60))
                .until(() -> Kafka.read(name("ap-out"), n - 1, Duration.ofSeconds(2)).size() >= n - 1);
        try (JMSContext ctx = Brokers.amqp();
             var dlq = ctx.createConsumer(ctx.createQueue("DLQ"), "JMSCorrelationID = 'c-" + n / 2 + "'")) {
            jakarta.jms.Message dead = null;
            for (long end = System.nanoTime() + 60_000_000_000L; dead == null && System.nanoTime() < end; ) {
                jakarta.jms.Message m = dlq.receive(1000);
                if (m != null && poison.equals(new String(m.getBody(byte[].class), StandardCharsets.UTF_8))) {
                    dead = m;
                }
            }
            assertThat(dead).as("the failing message on Artemis's DLQ after its delivery attempts").isNotNull();
        }
        assertThat(Kafka.read(name("ap-out"), n, Duration.ofSeconds(3)))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .doesNotContain(poison)
                .doesNotHaveDuplicates()
                .hasSize(n - 1);
    }

    /**
     * rabbitmq-source acknowledges each message on its own: one the route fails the first time is rejected and
     * requeued, and delivered when it comes back; the messages around it are delivered exactly once.
     */
    @Test
    void aRabbitMqMessageTheRouteFailsIsRequeuedWithoutHoldingUpTheOthers() throws Exception {
        int n = 200;
        String poison = "poison-" + RUN;
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2).build();
        try (Connection c = Brokers.rabbit(); Channel ch = c.createChannel()) {
            for (int i = 0; i < n; i++) {
                String body = i == n / 2 ? poison : "ok-" + i;
                Brokers.publishRabbit(ch, name("rp-ex"), "k", body.getBytes(StandardCharsets.UTF_8), props);
            }
        }
        await("every message, the failed one after its requeue").atMost(Duration.ofSeconds(60))
                .until(() -> Kafka.read(name("rp-out"), n, Duration.ofSeconds(2)).size() >= n);
        assertThat(Kafka.read(name("rp-out"), n + 1, Duration.ofSeconds(3)))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .contains(poison)
                .doesNotHaveDuplicates()
                .hasSize(n);
    }

    @Test
    void rabbitMqToKafkaMapsMessagePropertiesAndDropsControlHeaders() throws Exception {
        byte[] value = "rabbit says hi".getBytes(StandardCharsets.UTF_8);
        var headers = new java.util.HashMap<String, Object>(CONTROL);
        headers.put("CamelSpringRabbitmqRoutingOverrideKey", "evil");
        headers.put("x-legacy-field", "dropped");
        // Numbers as their text (the eighth probe: a long or a double arrived as 8 raw bytes).
        headers.put("x-request-id", 42L);
        headers.put("x-correlation-id", 0.5d);
        headers.put("idempotency-key", 7);
        // The tenth probe: a timestamp never reached Kafka, a broken traceparent went on as given, the content
        // encoding was lost.
        headers.put("user-agent", java.util.Date.from(java.time.Instant.parse("2026-12-07T22:00:01Z")));
        headers.put("baggage", java.util.Map.of("region", "eu"));
        headers.put("traceparent", "00-nope");
        headers.put("tracestate", "vendor=x");
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().messageId("m-3").correlationId("c-3")
                .contentType("text/plain").contentEncoding("gzip").deliveryMode(2).headers(headers).build();
        try (Connection c = Brokers.rabbit(); Channel ch = c.createChannel()) {
            Brokers.publishRabbit(ch, name("rk-ex"), "k", value, props);
        }
        ConsumerRecord<byte[], byte[]> out = one(name("rk-out"));
        assertThat(out.value()).isEqualTo(value);
        assertThat(Kafka.header(out, "message-id")).isEqualTo("m-3");
        assertThat(Kafka.header(out, "correlation-id")).isEqualTo("c-3");
        assertThat(Kafka.header(out, "content-type")).isEqualTo("text/plain");
        assertThat(Kafka.header(out, "x-legacy-field")).isNull();
        assertThat(Kafka.header(out, "x-request-id")).isEqualTo("42");
        assertThat(Kafka.header(out, "x-correlation-id")).isEqualTo("0.5");
        assertThat(Kafka.header(out, "idempotency-key")).isEqualTo("7");
        assertThat(Kafka.header(out, "user-agent")).isEqualTo("2026-12-07T22:00:01Z");
        assertThat(Kafka.header(out, "baggage")).isEqualTo("{\"region\":\"eu\"}");
        assertThat(Kafka.header(out, "content-encoding")).isEqualTo("gzip");
        String traceparent = Kafka.header(out, "traceparent");
        assertThat(traceparent == null || io.junction.tracing.TraceParent.valid(traceparent))
                .as("a traceparent that is not one is dropped, not carried on: %s", traceparent).isTrue();
        assertThat(Kafka.header(out, "tracestate")).isNotEqualTo("vendor=x");
        assertNoControlHeaders(out);
    }

    @Test
    void mqttReadingsAreKeyedByDevice() throws Exception {
        String reading = "{\"temperature\":21.5}";
        MqttClient client = Brokers.mqtt("it-publisher-" + RUN);
        try {
            // The subscription is made when the gateway starts; publish until it is there (QoS 1, no retain).
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                Brokers.publishMqtt(client, name("mk") + "/device-42/readings", reading);
                return Kafka.endOffset(name("mk-out"), 1) > 0;
            });
        } finally {
            client.disconnect();
            client.close();
        }
        ConsumerRecord<byte[], byte[]> out = Kafka.read(name("mk-out"), 1, Duration.ofSeconds(30)).get(0);
        assertThat(new String(out.value(), StandardCharsets.UTF_8)).isEqualTo(reading);
        assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("device-42");
        assertNoControlHeaders(out);
    }

    /**
     * The eighth probe: a client that connected with the route's client id took its session, the gateway's client took
     * it back, and so on, and nothing but DEBUG lines said so. It is logged, naming the cause, and counted; the route
     * goes on receiving even though the other client started its session clean (which drops the subscription).
     */
    @Test
    void anMqttSessionTakenOverIsLoggedAndTheRouteGoesOn() throws Exception {
        MqttClient publisher = Brokers.mqtt("it-mt-publisher-" + RUN);
        try {
            await("the route subscribed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Brokers.publishMqtt(publisher, name("mt") + "/before", "before");
                return Kafka.endOffset(name("mt-out"), 1) > 0;
            });
            // A device with the route's client id, clean start (the broker drops the session and its subscription),
            // connecting again when the gateway takes the session back: what two owners of one id do to each other.
            for (int i = 0; i < 2; i++) {
                MqttClient thief = Brokers.mqtt(name("mt-client"));
                await("the gateway takes its session back").atMost(Duration.ofSeconds(30))
                        .until(() -> !thief.isConnected());
                thief.close();
            }
            await("the takeover logged").atMost(Duration.ofSeconds(30)).until(() -> Files.readString(gateway.log())
                    .contains("MQTT client '" + name("mt-client") + "' (topic " + name("mt") + "/#) lost its"
                            + " connection"));
            assertThat(Files.readString(gateway.log())).contains("ms after connecting: probably another client with"
                    + " the same client id took the session");
            assertThat(gateway.management("/q/metrics").body()).containsPattern(
                    "junction_source_failures_total\\{destination=\"" + name("mt") + "/#\"[^}]*\\} [1-9]");
            await("the route receives again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        Brokers.publishMqtt(publisher, name("mt") + "/after", "after");
                        return Kafka.read(name("mt-out"), 100, Duration.ofSeconds(1)).stream()
                                .anyMatch(r -> "after".equals(new String(r.value(), StandardCharsets.UTF_8)));
                    });
        } finally {
            publisher.disconnect();
            publisher.close();
        }
    }

    @Test
    void droppedFileBecomesOneRecordPerLineAndMovesToDone() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lines.add("{\"line\":" + i + "}");
        }
        Path staging = tmp.resolve("batch.ndjson.tmp");
        Files.writeString(staging, String.join("\n", lines.subList(0, 3)) + "\n\n" + String.join("\n", lines.subList(3, 5)) + "\n");
        Files.move(staging, inbox.resolve("batch.ndjson"));

        List<ConsumerRecord<byte[], byte[]>> out = Kafka.read(name("fk-out"), 5, Duration.ofSeconds(60));
        assertThat(out).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactlyElementsOf(lines);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".done/batch.ndjson")));
        assertThat(inbox.resolve("batch.ndjson")).doesNotExist();
    }

    @Test
    void kafkaToHttpIsSignedRetriedUntil2xxAndCommittedAfter() throws Exception {
        partner.failNext(2, 503);
        byte[] value = "{\"order\":7}".getBytes(StandardCharsets.UTF_8);
        Kafka.send(name("kh-in"), "order-7", value, Map.of("content-type", "application/json", "correlation-id", "c-7",
                "CamelHttpUri", "http://127.0.0.1:1/evil", "CamelHttpPath", "/evil"));

        await().atMost(Duration.ofSeconds(60)).until(() -> partner.requests().size() >= 3);
        List<PartnerServer.Request> requests = partner.requests();
        PartnerServer.Request delivered = requests.get(requests.size() - 1);
        assertThat(delivered.path()).isEqualTo("/hooks/orders");
        assertThat(delivered.body()).isEqualTo(value);
        assertThat(delivered.header("Content-Type")).isEqualTo("application/json");
        assertThat(delivered.header("correlation-id")).isEqualTo("c-7");
        for (String h : delivered.headers().keySet()) {
            assertThat(h.toLowerCase(Locale.ROOT)).doesNotStartWith("camel").doesNotStartWith("kafka");
        }
        // The partner can verify the signature with the shared secret, and redeliveries carry the same id.
        String id = delivered.header("webhook-id");
        long ts = Long.parseLong(delivered.header("webhook-timestamp"));
        assertThat(delivered.header("webhook-signature"))
                .isEqualTo(StandardWebhooks.sign(StandardWebhooks.secretKey(SECRET), id, ts, value));
        assertThat(requests.get(0).header("webhook-id")).isEqualTo(id);
        assertThat(Math.abs(Instant.now().getEpochSecond() - ts)).isLessThan(300);
        // Only the 2xx answer let the offset move.
        await().atMost(Duration.ofSeconds(30)).until(() -> Kafka.committed(name("kh-g"), name("kh-in")) == 1);
    }

    @Test
    void kafkaToFileAppendsOneLinePerRecord() throws Exception {
        Kafka.send(name("kf-in"), null, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), Map.of("CamelFileName", "../evil.txt"));
        Kafka.send(name("kf-in"), null, "{\"a\":2}".getBytes(StandardCharsets.UTF_8), Map.of());
        Path archive = tmp.resolve("archive/archive.ndjson");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(archive).exists().hasContent("{\"a\":1}\n{\"a\":2}"));
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
    }
}
