package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One event, one trace: a webhook that carries a W3C traceparent goes through three routes (webhook → Kafka,
 * Kafka → AMQP, AMQP → HTTP partner) and the real Zipkin server (deploy/local/brokers.sh start zipkin) holds one
 * trace with every hop, in order, named by route; the partner receives the same trace id.
 */
class TracingIT {

    static final String ZIPKIN = System.getenv().getOrDefault("ZIPKIN_URL", "http://127.0.0.1:9411");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path routes;

    @BeforeAll
    static void zipkinRuns() {
        try {
            assertThat(get(ZIPKIN + "/health").statusCode()).isEqualTo(200);
        } catch (IOException e) {
            throw new AssertionError("no Zipkin server at " + ZIPKIN + ": start it with deploy/local/brokers.sh start zipkin", e);
        }
    }

    @Test
    void aWebhookIsOneTraceAcrossKafkaAmqpAndHttpWithEveryHopInOrder() throws Exception {
        String topic = Kafka.uniqueTopic("it-trace");
        Kafka.createTopic(topic, 1);
        String queue = topic.replace('-', '.');
        try (PartnerServer partner = new PartnerServer()) {
            Files.writeString(routes.resolve("traced.yaml"), """
                    - route:
                        id: trace-in
                        from:
                          uri: kamelet:webhook-source
                          parameters: {path: /traced}
                          steps:
                            - to: {uri: kamelet:kafka-sink, parameters: {topic: %1$s}}
                    - route:
                        id: trace-bridge
                        from:
                          uri: kamelet:kafka-source
                          parameters: {topic: %1$s, groupId: %1$s}
                          steps:
                            - to: {uri: kamelet:amqp-sink, parameters: {destination: %2$s}}
                    - route:
                        id: trace-out
                        from:
                          uri: kamelet:amqp-source
                          parameters: {destination: %2$s}
                          steps:
                            - to: {uri: kamelet:http-sink, parameters: {url: "%3$s/{{env:TRACE_IT_PARTNER_KEY}}"}}
                    """.formatted(topic, queue, partner.url("/partner")));
            // A credential from the environment in the partner's URL: the trace must not hold it (Camel's span
            // attributes carry the URL in camel.uri, http.url, server.address and url.query).
            String partnerKey = "pk-" + hex(12);
            Map<String, String> env = new HashMap<>(zipkinEnv());
            env.put("TRACE_IT_PARTNER_KEY", partnerKey);
            try (GatewayProcess gateway = GatewayProcess.start("tracing", env, routes).awaitReady()) {
                String traceId = hex(16);
                String sender = hex(8);
                postAccepted(gateway, "/traced", "00-" + traceId + "-" + sender + "-01", "{\"order\":1}",
                        "tracestate", "vendor=kept");

                await("the partner receives the event").atMost(Duration.ofSeconds(60))
                        .until(() -> partner.requests().size() == 1);
                String traceparent = partner.requests().get(0).header("traceparent");
                assertThat(traceparent).as("traceparent at the partner").startsWith("00-" + traceId + "-")
                        .doesNotEndWith(sender + "-01");
                assertThat(partner.requests().get(0).header("tracestate")).isEqualTo("vendor=kept");

                JsonNode[] trace = new JsonNode[1];
                await("the trace in Zipkin holds every route").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500)).until(() -> {
                            HttpResponse<String> r = get(ZIPKIN + "/api/v2/trace/" + traceId);
                            if (r.statusCode() != 200) {
                                return false;
                            }
                            trace[0] = JSON.readTree(r.body());
                            List<String> hops = routeOrder(trace[0]);
                            return hops.contains("trace-in") && hops.contains("trace-bridge") && hops.contains("trace-out");
                        });
                Map<String, JsonNode> byRoute = routeSpans(trace[0]);
                assertThat(routeOrder(trace[0])).containsSubsequence("trace-in", "trace-bridge", "trace-out");
                // In order by causality, not only by clock: each route's span descends from the previous route's.
                Map<String, JsonNode> byId = new HashMap<>();
                trace[0].forEach(span -> byId.put(span.path("id").asText(), span));
                assertThat(ancestors(byRoute.get("trace-out"), byId)).contains(byRoute.get("trace-bridge").path("id").asText());
                assertThat(ancestors(byRoute.get("trace-bridge"), byId)).contains(byRoute.get("trace-in").path("id").asText());
                for (String route : List.of("trace-in", "trace-bridge", "trace-out")) {
                    assertThat(byRoute.get(route).path("name").asText()).isEqualTo(route);
                    assertThat(byRoute.get(route).path("tags").path("junction.outcome").asText()).isEqualTo("delivered");
                }
                assertThat(trace[0].findValuesAsText("kafka.offset")).as("the Kafka position of the hop").isNotEmpty();
                assertThat(trace[0].findValuesAsText("messaging.destination.name")).contains(topic, "queue:" + queue);
                assertThat(trace[0].findValuesAsText("http.status_code")).contains("200");
                for (JsonNode span : trace[0]) {
                    assertThat(span.path("traceId").asText()).isEqualTo(traceId);
                    assertThat(span.path("localEndpoint").path("serviceName").asText()).isEqualTo("junction-tracing-it");
                }
                // A credential in the URL's path (http-sink refuses a query, even from a placeholder).
                assertThat(partner.requests().get(0).path()).as("the partner got its key").contains(partnerKey);
                assertThat(trace[0].toString()).as("the trace holds no credential")
                        .doesNotContain(partnerKey).contains("/******");
                assertThat(Files.readString(gateway.log())).as("no OTLP export beside Zipkin").doesNotContain("4317");
            }
        }
    }

    /**
     * RabbitMQ headers and MQTT 5 user properties carry the trace too: a webhook into each broker and out again to
     * the partner arrives with the caller's trace id, and the trace holds both routes of each chain. An event the
     * partner refuses becomes a dead letter that names its trace.
     */
    @Test
    void theTraceCrossesRabbitMqAndMqtt() throws Exception {
        String run = hex(4);
        String exchange = "it-trace-ex-" + run;
        String queue = "it-trace-q-" + run;
        try (com.rabbitmq.client.Connection c = Brokers.rabbit(); com.rabbitmq.client.Channel ch = c.createChannel()) {
            Brokers.declareRabbitQueue(ch, exchange, queue, "k");
        }
        String deadRoute = "trace-dead-" + run;
        try (PartnerServer partner = new PartnerServer(); PartnerServer refusing = new PartnerServer()) {
            refusing.failNext(Integer.MAX_VALUE, 400);
            Files.writeString(routes.resolve("brokers.yaml"), """
                    - route:
                        id: rabbit-in
                        from:
                          uri: kamelet:webhook-source
                          parameters: {path: /rabbit}
                          steps:
                            - to: {uri: kamelet:rabbitmq-sink, parameters: {exchange: %1$s, routingKey: k}}
                    - route:
                        id: rabbit-out
                        from:
                          uri: kamelet:rabbitmq-source
                          parameters: {queue: %2$s}
                          steps:
                            - to: {uri: kamelet:http-sink, parameters: {url: "%4$s"}}
                    - route:
                        id: mqtt-in
                        from:
                          uri: kamelet:webhook-source
                          parameters: {path: /mqtt}
                          steps:
                            - to: {uri: kamelet:mqtt-sink, parameters: {topic: "it/trace/%3$s", qos: 1}}
                    - route:
                        id: mqtt-out
                        from:
                          uri: kamelet:mqtt-source
                          parameters: {topic: "it/trace/%3$s", clientId: it-trace-%3$s}
                          steps:
                            - to: {uri: kamelet:http-sink, parameters: {url: "%5$s"}}
                    - route:
                        id: %6$s
                        from:
                          uri: kamelet:webhook-source
                          parameters: {path: /dead}
                          steps:
                            - to: {uri: kamelet:http-sink, parameters: {url: "%7$s"}}
                    """.formatted(exchange, queue, run, partner.url("/rabbit"), partner.url("/mqtt"), deadRoute,
                    refusing.url("/refuse")));
            try (GatewayProcess gateway = GatewayProcess.start("tracing-brokers", zipkinEnv(), routes).awaitReady()) {
                for (String path : List.of("/rabbit", "/mqtt")) {
                    String traceId = hex(16);
                    postAccepted(gateway, path, "00-" + traceId + "-" + hex(8) + "-01", "{\"via\":\"" + path + "\"}");
                    await("the partner receives the event sent through " + path).atMost(Duration.ofSeconds(60))
                            .until(() -> partner.requests().stream().anyMatch(r -> r.path().equals(path)));
                    PartnerServer.Request received = partner.requests().stream().filter(r -> r.path().equals(path))
                            .findFirst().orElseThrow();
                    assertThat(received.header("traceparent")).as("traceparent after " + path)
                            .startsWith("00-" + traceId + "-");
                    String in = path.substring(1) + "-in";
                    String out = path.substring(1) + "-out";
                    await("both routes of " + path + " in the trace").atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(500)).until(() -> {
                                HttpResponse<String> r = get(ZIPKIN + "/api/v2/trace/" + traceId);
                                return r.statusCode() == 200 && routeOrder(JSON.readTree(r.body())).containsAll(List.of(in, out));
                            });
                    assertThat(routeOrder(JSON.readTree(get(ZIPKIN + "/api/v2/trace/" + traceId).body())))
                            .containsSubsequence(in, out);
                }

                String deadTrace = hex(16);
                postAccepted(gateway, "/dead", "00-" + deadTrace + "-" + hex(8) + "-01", "{}");
                List<ConsumerRecord<byte[], byte[]>> letters = Kafka.read(deadRoute + ".dlq", 1, Duration.ofSeconds(60));
                assertThat(letters).as(gateway.logTail()).hasSize(1);
                assertThat(Kafka.header(letters.get(0), "junction.dlq.trace-id")).isEqualTo(deadTrace);
                assertThat(Kafka.header(letters.get(0), "traceparent")).startsWith("00-" + deadTrace + "-");
            }
        }
    }

    /** POSTs a JSON webhook carrying {@code traceparent} (and any further header name/value pairs); expects 202. */
    static void postAccepted(GatewayProcess gateway, String path, String traceparent, String json, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.ingress(path))
                .header("Content-Type", "application/json").header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(gateway.logTail()).isEqualTo(202);
    }

    static Map<String, String> zipkinEnv() {
        return Map.of("OTEL_TRACES_EXPORTER", "zipkin", "OTEL_EXPORTER_ZIPKIN_ENDPOINT", ZIPKIN + "/api/v2/spans",
                "OTEL_SERVICE_NAME", "junction-tracing-it", "OTEL_BSP_SCHEDULE_DELAY", "200");
    }

    /**
     * Without any OTEL_* variable no tracer runs: the caller's trace context reaches the partner untouched (a tracer
     * would have put its own span id in), which is also why tracing off costs nothing per event.
     */
    @Test
    void withoutOtelVariablesTheCallersTraceContextPassesThroughUntouched() throws Exception {
        try (PartnerServer partner = new PartnerServer()) {
            Files.writeString(routes.resolve("plain.yaml"), """
                    - route:
                        id: untraced
                        from:
                          uri: kamelet:webhook-source
                          parameters: {path: /untraced}
                          steps:
                            - to: {uri: kamelet:http-sink, parameters: {url: "%s"}}
                    """.formatted(partner.url("/partner")));
            try (GatewayProcess gateway = GatewayProcess.start("untraced", routes).awaitReady()) {
                String traceparent = "00-" + hex(16) + "-" + hex(8) + "-01";
                postAccepted(gateway, "/untraced", traceparent, "{}");
                await().atMost(Duration.ofSeconds(30)).until(() -> partner.requests().size() == 1);
                assertThat(partner.requests().get(0).header("traceparent")).isEqualTo(traceparent);
            }
        }
    }

    /** The first span of each route, by route id. */
    static Map<String, JsonNode> routeSpans(JsonNode spans) {
        Map<String, JsonNode> first = new HashMap<>();
        for (JsonNode span : sorted(spans)) {
            String id = span.path("tags").path("camel.route.id").asText(null);
            if (id != null) {
                first.putIfAbsent(id, span);
            }
        }
        return first;
    }

    static List<String> ancestors(JsonNode span, Map<String, JsonNode> byId) {
        List<String> up = new ArrayList<>();
        for (JsonNode at = span; at != null && at.hasNonNull("parentId"); at = byId.get(at.path("parentId").asText())) {
            up.add(at.path("parentId").asText());
        }
        return up;
    }

    static List<JsonNode> sorted(JsonNode spans) {
        List<JsonNode> sorted = new ArrayList<>();
        spans.forEach(sorted::add);
        sorted.sort((a, b) -> Long.compare(a.path("timestamp").asLong(), b.path("timestamp").asLong()));
        return sorted;
    }

    /** Route ids of the route spans, by start time. */
    static List<String> routeOrder(JsonNode spans) {
        List<String> ids = new ArrayList<>();
        for (JsonNode span : sorted(spans)) {
            String id = span.path("tags").path("camel.route.id").asText(null);
            if (id != null && !ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    static HttpResponse<String> get(String url) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
