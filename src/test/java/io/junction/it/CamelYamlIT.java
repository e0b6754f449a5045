package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camel YAML as people write it, run by the packaged gateway against the real brokers: Kaoto's uri + parameters
 * form, a Camel K Pipe, a templatedRoute, the REST DSL on platform-http, a Resilience4j circuit breaker, and the
 * mqtt-sink connector under its Apache catalog name.
 */
class CamelYamlIT {

    @TempDir
    static Path routes;
    static GatewayProcess gateway;
    static String httpTopic;
    static String pipeIn;
    static String pipeOut;
    static String catalogTopic;
    static String cronTopic;
    static String typedTopic;
    static String jmsTopic;
    static final String MQTT_TOPIC = "junction/it/" + System.nanoTime() + "/commands";

    @BeforeAll
    static void start() throws Exception {
        httpTopic = Kafka.uniqueTopic("it-kaoto");
        pipeIn = Kafka.uniqueTopic("it-pipe-in");
        pipeOut = Kafka.uniqueTopic("it-pipe-out");
        catalogTopic = Kafka.uniqueTopic("it-apache-catalog");
        cronTopic = Kafka.uniqueTopic("it-cron");
        typedTopic = Kafka.uniqueTopic("it-typed");
        jmsTopic = Kafka.uniqueTopic("it-jms");
        for (String t : List.of(httpTopic, pipeIn, pipeOut, catalogTopic, cronTopic, typedTopic, jmsTopic)) {
            Kafka.createTopic(t, 1);
        }
        // Exactly what Kaoto writes: every endpoint as uri + parameters, path parameters included.
        Files.writeString(routes.resolve("kaoto.yaml"), """
                - route:
                    id: kaoto-http-to-kafka
                    from:
                      id: from-3000
                      uri: platform-http
                      parameters:
                        path: /kaoto/orders
                        httpMethodRestrict: POST
                      steps:
                        - to:
                            id: to-3001
                            uri: kafka
                            parameters:
                              topic: %s
                """.formatted(httpTopic));
        Files.writeString(routes.resolve("copy.pipe.yaml"), """
                apiVersion: camel.apache.org/v1
                kind: Pipe
                metadata:
                  name: pipe-copy
                spec:
                  source:
                    ref:
                      kind: Kamelet
                      apiVersion: camel.apache.org/v1
                      name: kafka-source
                    properties:
                      topic: %s
                      groupId: it-pipe-copy
                      autoOffsetReset: earliest
                  sink:
                    ref:
                      kind: Kamelet
                      apiVersion: camel.apache.org/v1
                      name: kafka-sink
                    properties:
                      topic: %s
                """.formatted(pipeIn, pipeOut));
        Files.writeString(routes.resolve("templates.yaml"), """
                - routeTemplate:
                    id: answer
                    parameters:
                      - name: path
                      - name: text
                    from:
                      uri: "platform-http:{{path}}"
                      steps:
                        - setBody:
                            constant: "{{text}}"
                - templatedRoute:
                    routeTemplateRef: answer
                    routeId: answer-hello
                    parameters:
                      - name: path
                        value: /templated/hello
                      - name: text
                        value: hello from a template
                """);
        Files.writeString(routes.resolve("rest.yaml"), """
                - rest:
                    path: /api
                    get:
                      - path: /orders/{id}
                        to: direct:get-order
                - route:
                    id: get-order
                    from:
                      uri: direct:get-order
                      steps:
                        - setBody:
                            simple: "order ${header.id}"
                """);
        Files.writeString(routes.resolve("breaker.yaml"), """
                - route:
                    id: breaker
                    from:
                      uri: platform-http:/breaker
                      steps:
                        - circuitBreaker:
                            resilience4jConfiguration:
                              minimumNumberOfCalls: 5
                            steps:
                              - throwException:
                                  exceptionType: java.io.IOException
                                  message: partner down
                            onFallback:
                              steps:
                                - setBody:
                                    constant: fallback
                """);
        Files.writeString(routes.resolve("tell-devices.yaml"), """
                - route:
                    id: tell-devices
                    from:
                      uri: platform-http:/devices/commands
                      steps:
                        - to:
                            uri: kamelet:mqtt5-sink
                            parameters:
                              topic: %s
                              brokerUrl: %s
                """.formatted(MQTT_TOPIC, Brokers.MQTT_URL));
        // Apache's insert-header-action, which no connector directory holds: it comes from the catalog Junction ships.
        Files.writeString(routes.resolve("apache-catalog.yaml"), """
                - route:
                    id: apache-catalog-action
                    from:
                      uri: platform-http:/catalog/orders
                      steps:
                        - to:
                            uri: kamelet:insert-header-action
                            parameters:
                              name: ce-source
                              value: apache-catalog
                        - setHeader:
                            name: CamelInternalMarker
                            constant: stays-inside
                        - to: "kafka:%s"
                """.formatted(catalogTopic));
        // A cron route, as Camel JBang's cron example writes it: Junction ships cron, on Quartz.
        Files.writeString(routes.resolve("cron.yaml"), """
                - route:
                    id: every-second
                    from:
                      uri: cron:tick
                      parameters:
                        schedule: "0/1 * * * * ?"
                      steps:
                        - setBody:
                            constant: tick
                        - to: "kafka:%s"
                """.formatted(cronTopic));
        // Bodies that are not text or bytes: a number from simple, a map from unmarshal. Stock Camel's kafka: sends
        // their text; Junction's values are bytes.
        Files.writeString(routes.resolve("typed.yaml"), """
                - route:
                    id: number-to-kafka
                    from:
                      uri: timer:number?repeatCount=1
                      steps:
                        - setBody:
                            simple: "${random(1000,1001)}"
                        - to: "kafka:%s"
                - route:
                    id: map-to-kafka-sink
                    from:
                      uri: timer:map?repeatCount=1
                      steps:
                        - setBody:
                            constant: '{"order":7}'
                        - unmarshal:
                            json: {}
                        - to: "kamelet:kafka-sink?topic=%s"
                """.formatted(typedTopic, typedTopic));
        // Camel's jms component with the file's own Artemis factory, which Camel takes as the single one there is
        // (published examples rely on it; it was one of two, with the gateway's AMQP factory, and none was taken).
        Files.writeString(routes.resolve("jms.yaml"), """
                - beans:
                    - name: jmsConnectionFactory
                      type: org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory
                      properties:
                        brokerURL: tcp://127.0.0.1:61616
                        user: junction
                        password: junction
                - route:
                    id: jms-send
                    from:
                      uri: timer:jms?repeatCount=1
                      steps:
                        - setBody:
                            constant: over jms
                        - to: jms:queue:%s
                - route:
                    id: jms-receive
                    from:
                      uri: jms:queue:%s
                      steps:
                        - to: "kafka:%s"
                """.formatted(jmsTopic, jmsTopic, jmsTopic));
        gateway = GatewayProcess.start("camel-yaml", routes).awaitReady();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void kaotosUriAndParametersFormTakesAWebhookIntoKafka() throws Exception {
        byte[] body = "{\"order\":7}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = gateway.post("/kaoto/orders", "application/json", body);
        assertThat(r.statusCode()).as(gateway.logTail()).isBetween(200, 299);
        List<ConsumerRecord<byte[], byte[]>> records = Kafka.read(httpTopic, 1, Duration.ofSeconds(30));
        assertThat(records).singleElement().satisfies(rec -> assertThat(rec.value()).isEqualTo(body));
    }

    @Test
    void aPipeMovesAKafkaRecordToAnotherTopic() throws Exception {
        byte[] value = "piped".getBytes(StandardCharsets.UTF_8);
        Kafka.send(pipeIn, "k1", value, java.util.Map.of());
        List<ConsumerRecord<byte[], byte[]>> records = Kafka.read(pipeOut, 1, Duration.ofSeconds(60));
        assertThat(records).as(gateway.logTail()).singleElement().satisfies(rec -> {
            assertThat(rec.value()).isEqualTo(value);
            assertThat(new String(rec.key(), StandardCharsets.UTF_8)).isEqualTo("k1");
        });
    }

    @Test
    void aTemplatedRouteAnswers() throws Exception {
        HttpResponse<String> r = gateway.get("/templated/hello");
        assertThat(r.statusCode()).as(gateway.logTail()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello from a template");
    }

    @Test
    void aRestVerbRunsAsTheDirectRouteItCalls() throws Exception {
        HttpResponse<String> r = gateway.get("/api/orders/42");
        assertThat(r.statusCode()).as(gateway.logTail()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("order 42");
        // Inlined as stock Camel does: one route, named after the direct: route.
        assertThat(gateway.admin("/admin/routes").get("routes").findValuesAsText("id")).contains("get-order");
    }

    @Test
    void aResilience4jCircuitBreakerFallsBack() throws Exception {
        HttpResponse<String> r = gateway.get("/breaker");
        assertThat(r.statusCode()).as(gateway.logTail()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("fallback");
    }

    @Test
    void mqttSinkPublishesToTheBrokerUnderItsApacheCatalogName() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttClient device = Brokers.mqtt("it-device-" + System.nanoTime());
        try {
            // The array form: Paho 1.2.5's subscribe(String, int, listener) recurses into itself.
            device.subscribe(new MqttSubscription[] { new MqttSubscription(MQTT_TOPIC, 1) },
                    new IMqttMessageListener[] { (topic, message) -> received.add(new String(message.getPayload(),
                            StandardCharsets.UTF_8)) });
            HttpResponse<String> r = gateway.post("/devices/commands", "application/json",
                    "{\"reboot\":true}".getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(gateway.logTail()).isBetween(200, 299);
            // The answer came after the broker's PUBACK, so the message is there to be delivered.
            assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo("{\"reboot\":true}");
        } finally {
            device.disconnect();
            device.close();
        }
    }

    @Test
    void aKameletOfApachesCatalogRunsUnderTheHeaderPolicy() throws Exception {
        HttpResponse<String> r = gateway.post("/catalog/orders", "application/json",
                "{\"order\":8}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(gateway.logTail()).isBetween(200, 299);
        List<ConsumerRecord<byte[], byte[]>> records = Kafka.read(catalogTopic, 1, Duration.ofSeconds(30));
        assertThat(records).singleElement().satisfies(rec -> {
            assertThat(new String(rec.headers().lastHeader("ce-source").value(), StandardCharsets.UTF_8))
                    .isEqualTo("apache-catalog");
            assertThat(rec.headers().lastHeader("CamelInternalMarker")).as("Camel's own headers never go out").isNull();
        });
    }

    @Test
    void aCronRouteFiresAgainAndAgain() throws Exception {
        // Three firings: the route was found by each, not only by the first.
        List<ConsumerRecord<byte[], byte[]>> records = Kafka.read(cronTopic, 3, Duration.ofSeconds(30));
        assertThat(records).as(gateway.logTail()).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(rec -> assertThat(new String(rec.value(), StandardCharsets.UTF_8)).isEqualTo("tick"));
    }

    /** An outside look: kafka: failed with a ClassCastException on a body that was a number or a map. */
    @Test
    void aNumberOrAMapBodyReachesKafkaAsTextOrJson() {
        List<ConsumerRecord<byte[], byte[]>> records = Kafka.read(typedTopic, 2, Duration.ofSeconds(30));
        assertThat(records).as(gateway.logTail()).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("1000", "{\"order\":7}");
    }

    /**
     * An outside look: a published jms route with its own factory bean failed to start ("connectionFactory must be
     * specified").
     */
    @Test
    void aJmsRouteUsesTheFilesOwnConnectionFactory() {
        List<ConsumerRecord<byte[], byte[]>> records = Kafka.read(jmsTopic, 1, Duration.ofSeconds(30));
        assertThat(records).as(gateway.logTail()).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("over jms");
    }
}
