package io.junction.headers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderPolicyTest {

    private final HeaderPolicy policy = HeaderPolicy.defaults();

    @ParameterizedTest
    @ValueSource(strings = {"CamelFileName", "cAmElExecCommandExecutable", "kafka.OVERRIDE_TOPIC", "Kafka.Override_Topic",
            "KAFKA.PARTITION_KEY", "kafka_DOT_OVERRIDE_TOPIC", "org.apache.camel.Foo", "ORG.APACHE.KAFKA.x",
            "JMSDestination", "jms_DOT_x", "kafka_dot_OVERRIDE_topic", "KAFKA_Dot_x", "\u212Aafka.OVERRIDE_TOPIC", "jm\u017fDestination"})
    void controlNamesNeverEnterAndNeverLeave(String name) {
        assertThat(HeaderPolicy.isControl(name)).isTrue();
        assertThat(policy.allowsInbound(name)).isFalse();
        if (!name.toUpperCase(java.util.Locale.ROOT).startsWith("JMS")) {
            assertThat(policy.allowsOutbound(name)).isFalse();
        }
    }

    @Test
    void lookAlikesCountBecauseCamelsHeaderMapTreatsThemAsTheSameName() {
        assertThat(String.CASE_INSENSITIVE_ORDER.compare("\u212Aafka.OVERRIDE_TOPIC", "kafka.OVERRIDE_TOPIC")).isZero();
        assertThat(String.CASE_INSENSITIVE_ORDER.compare("jm\u017fDestination", "JMSDestination")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"content-type", "Content-Type", "webhook-id", "X-GitHub-Event", "traceparent", "ce-id"})
    void allowlistedNamesEnterAndLeave(String name) {
        assertThat(HeaderPolicy.isControl(name)).isFalse();
        assertThat(policy.allowsInbound(name)).isTrue();
        assertThat(policy.allowsOutbound(name)).isTrue();
    }

    @Test
    void namesOffTheAllowlistStayOutButJmsFieldsLeave() {
        assertThat(policy.allowsInbound("x-internal-token")).isFalse();
        assertThat(new HeaderPolicy(List.of("campaign")).allowsInbound("campaign"))
                .as("only the prefix 'camel' is control, not 'cam'").isTrue();
        HeaderPolicy globs = new HeaderPolicy(List.of(" X-Tenant ", "x-shop-*", "x-*-region", "*"));
        assertThat(globs.allowsInbound("x-tenant")).isTrue();
        assertThat(globs.allowsInbound("X-Shop-Domain")).isTrue();
        assertThat(globs.allowsInbound("x-eu-region")).isTrue();
        assertThat(globs.allowsInbound("anything")).as("'*' allows everything but control names").isTrue();
        assertThat(globs.allowsInbound("kafka.OVERRIDE_TOPIC")).isFalse();
        HeaderPolicy middle = new HeaderPolicy(List.of("x-*-region"));
        assertThat(middle.allowsInbound("x-eu-region")).isTrue();
        assertThat(middle.allowsInbound("x-eu-regions")).isFalse();
        assertThat(middle.allowsInbound("x-tenant")).isFalse();
        assertThat(policy.allowsOutbound("JMSCorrelationID")).isTrue();
        assertThat(policy.allowsOutbound("cam")).isTrue();
        assertThat(HeaderPolicy.isControl(null)).isTrue();
        assertThat(policy.allowsOutbound(null)).isFalse();
    }

    @Test
    void aLeaderElectedRouteIsScrubbedAsTheSourceItWraps() {
        assertThat(IngressHeaders.scheme("master:inbox:file:/data/inbox?delay=500")).isEqualTo("file");
        assertThat(IngressHeaders.scheme("master:tick:timer:tick")).isEqualTo("timer");
        assertThat(IngressHeaders.forScheme(IngressHeaders.scheme("master:tick:timer:tick"), policy))
                .as("an in-process source gets no ingress policy, wrapped or not").isNull();
        assertThat(IngressHeaders.scheme("master:broken")).isNull();
        assertThat(IngressHeaders.scheme("Kafka:orders")).isEqualTo("kafka");
    }

    /**
     * The third probe: junction.replay.* and junction.dlq.* came in from a webhook sender, spelt in any case and in
     * camel-jms' encoding (junction_dot_dlq_dot_...); only the gateway's own replays may bring them.
     */
    @Test
    void junctionsOwnHeadersComeOnlyFromKafkaOrAReplay() throws Exception {
        try (var camel = new org.apache.camel.impl.DefaultCamelContext()) {
            for (String scheme : List.of("platform-http", "amqp", "spring-rabbitmq", "paho-mqtt5", "file", "kafka")) {
                var exchange = new org.apache.camel.support.DefaultExchange(camel);
                exchange.getIn().setHeader("junction.replay.count", "0");
                exchange.getIn().setHeader("Junction.Replay.Of", "dl-x");
                exchange.getIn().setHeader("junction_dot_dlq_dot_source_dot_topic", "victim");
                exchange.getIn().setHeader("ce-kept", "yes");
                exchange.getIn().setHeader("x-request-id", "kept");
                exchange.getIn().setHeader("x-off-the-allowlist", "no");
                ((IngressHeaders) IngressHeaders.forScheme(scheme, policy)).onExchangeBegin(null, exchange);
                if (scheme.equals("kafka")) {
                    assertThat(exchange.getIn().getHeaders()).as("replays write them to Kafka")
                            .containsKeys("junction.replay.count", "Junction.Replay.Of");
                } else {
                    // Off the allowlist: the wire filter's to drop, and for the JMS family (whose binding lets
                    // more in than its filter) this policy's too.
                    // A broker's sender sets any header: a ce- one would become an unvalidated CloudEvent in Kafka.
                    List<String> kept = new java.util.ArrayList<>(List.of("x-request-id"));
                    if (!scheme.equals("amqp")) {
                        kept.add("x-off-the-allowlist");
                    }
                    if (scheme.equals("platform-http") || scheme.equals("file")) {
                        kept.add("ce-kept");
                    }
                    assertThat(exchange.getIn().getHeaders()).as(scheme).containsOnlyKeys(kept);
                }
            }
            var replayed = new org.apache.camel.support.DefaultExchange(camel);
            replayed.setProperty(IngressHeaders.REPLAY, true);
            replayed.getIn().setHeader("junction.replay.count", "1");
            ((IngressHeaders) IngressHeaders.forScheme("platform-http", policy)).onExchangeBegin(null, replayed);
            assertThat(replayed.getIn().getHeaders()).as("a replay into a webhook route").containsKey("junction.replay.count");
        }
    }

    /**
     * The sixth probe: RabbitMQ, AMQP and MQTT senders' ce_type/ce_id headers reached Kafka as a CloudEvent nobody
     * validated; an AMQP application property message-id replaced the message's own id; a RabbitMQ content-type
     * header overrode the message's content type property.
     */
    @Test
    void brokerSendersCannotForgeCloudEventsOrTheMessagesOwnMetadata() throws Exception {
        try (var camel = new org.apache.camel.impl.DefaultCamelContext()) {
            for (String scheme : List.of("amqp", "spring-rabbitmq", "paho-mqtt5")) {
                var exchange = new org.apache.camel.support.DefaultExchange(camel);
                exchange.getIn().setHeader("ce_type", "forged");
                exchange.getIn().setHeader("ce_HYPHEN_id", "forged");
                exchange.getIn().setHeader("CE-specversion", "0.1");
                exchange.getIn().setHeader("message-id", "forged-mid");
                exchange.getIn().setHeader("content-type", "forged/type");
                exchange.getIn().setHeader("JMSMessageID", "ID:real");
                exchange.getIn().setHeader("CamelSpringRabbitmqMessageId", "real");
                exchange.getIn().setHeader("CamelSpringRabbitmqContentType", "application/json");
                ((IngressHeaders) IngressHeaders.forScheme(scheme, policy)).onExchangeBegin(null, exchange);
                var headers = exchange.getIn().getHeaders();
                assertThat(headers).as(scheme).doesNotContainKeys("ce_type", "ce_HYPHEN_id", "CE-specversion");
                switch (scheme) {
                    case "amqp" -> assertThat(headers).containsEntry("message-id", "ID:real");
                    case "spring-rabbitmq" -> assertThat(headers).containsEntry("message-id", "real")
                            .containsEntry("content-type", "application/json");
                    default -> assertThat(headers).as("MQTT has no message id of its own")
                            .containsEntry("message-id", "forged-mid");
                }
            }
        }
    }

    /**
     * The tenth probe: a RabbitMQ message's content_encoding property never became content-encoding, and a
     * traceparent that is not one (text, a date) went on to Kafka as given when tracing was off.
     */
    @Test
    void aBrokenTraceContextIsDroppedAndRabbitMqsContentEncodingIsKept() throws Exception {
        String valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (var camel = new org.apache.camel.impl.DefaultCamelContext()) {
            for (String scheme : List.of("platform-http", "amqp", "spring-rabbitmq", "paho-mqtt5", "kafka")) {
                for (Object broken : List.of("00-nope", new java.util.Date(), "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01",
                        valid.toUpperCase().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                    var exchange = new org.apache.camel.support.DefaultExchange(camel);
                    exchange.getIn().setHeader("traceparent", broken);
                    exchange.getIn().setHeader("tracestate", "vendor=x");
                    ((IngressHeaders) IngressHeaders.forScheme(scheme, policy)).onExchangeBegin(null, exchange);
                    assertThat(exchange.getIn().getHeaders()).as(scheme + " " + broken)
                            .doesNotContainKeys("traceparent", "tracestate");
                }
                var exchange = new org.apache.camel.support.DefaultExchange(camel);
                exchange.getIn().setHeader("traceparent", valid.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                exchange.getIn().setHeader("tracestate", "vendor=x");
                exchange.getIn().setHeader("CamelSpringRabbitmqContentEncoding", "gzip");
                ((IngressHeaders) IngressHeaders.forScheme(scheme, policy)).onExchangeBegin(null, exchange);
                assertThat(exchange.getIn().getHeaders()).as(scheme).containsKeys("traceparent", "tracestate");
                if (scheme.equals("spring-rabbitmq")) {
                    assertThat(exchange.getIn().getHeaders()).containsEntry("content-encoding", "gzip");
                }
            }
        }
    }

    @Test
    void decodingIsCaseBlindAndLeavesOtherUnderscores() {
        assertThat(HeaderPolicy.decode("junction_dot_dlq_DOT_x_Hyphen_y")).isEqualTo("junction.dlq.x-y");
        assertThat(HeaderPolicy.decode("my_header_DOTS_")).isEqualTo("my_header_DOTS_");
        assertThat(HeaderPolicy.decode("plain-name")).isEqualTo("plain-name");
    }

    /**
     * The fifth probe: Kafka's own headers (kafka_DOT_TOPIC, _KEY, _OFFSET...) went out as AMQP application properties.
     * camel-amqp makes its JMS binding, with the endpoint's filter of that moment, before the policy is installed.
     */
    @Test
    void anAmqpEndpointWritesAndReadsOnlyWhatThePolicyAllows() throws Exception {
        try (var camel = new org.apache.camel.impl.DefaultCamelContext()) {
            HeaderPolicyInstaller.install(camel, policy);
            camel.start();
            var endpoint = (org.apache.camel.component.jms.JmsEndpoint) camel.getEndpoint("amqp:queue:orders");
            var exchange = endpoint.createExchange();
            exchange.getIn().setHeader("kafka.TOPIC", "orders");
            exchange.getIn().setHeader("kafka.OFFSET", 7L);
            exchange.getIn().setHeader("ce-type", "order.created");
            java.util.Map<String, Object> written = new java.util.LinkedHashMap<>();
            jakarta.jms.Message message = (jakarta.jms.Message) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] { jakarta.jms.Message.class }, (proxy, method, args) -> {
                        if (method.getName().startsWith("set") && method.getName().endsWith("Property")) {
                            written.put((String) args[0], args[1]);
                        }
                        return method.getReturnType() == boolean.class ? false : null;
                    });
            endpoint.getBinding().appendJmsProperties(message, exchange);
            assertThat(written.keySet()).noneMatch(n -> n.toLowerCase(java.util.Locale.ROOT).startsWith("kafka"))
                    .anyMatch(n -> HeaderPolicy.decode(n).equals("ce-type"));
        }
    }
}
