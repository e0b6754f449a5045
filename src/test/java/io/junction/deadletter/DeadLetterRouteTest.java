package io.junction.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

/** The dead-letter route end to end in a Camel context, with a destination that refuses what is too large. */
class DeadLetterRouteTest {

    static final int LIMIT = 4096;

    /**
     * A route that fails on something else (its HTTP sink is down) with an event just under the source's limit: the
     * letter, with its envelope, is over the destination's. Before, only a route that had failed on a too-large
     * record itself got a bounded letter; this one failed back to its source, which read it again for ever.
     */
    @Test
    void aLetterTooLargeForItsDestinationIsBoundedWhateverTheRouteFailedOn() throws Exception {
        List<Message> stored = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("destination", refusingOverLimit(stored));
            start(camel, "orders", 2, new IOException("Connection refused"));

            byte[] event = new byte[LIMIT - 100]; // under the limit alone, over it with the envelope
            java.util.Arrays.fill(event, (byte) 'x');
            var done = camel.createProducerTemplate().send("direct:in", e -> e.getIn().setBody(event));

            assertThat(done.getException()).as("the source is acknowledged: the letter was stored").isNull();
            assertThat(stored).hasSize(1);
            Message letter = stored.get(0);
            assertThat(letter.getHeader(DeadLetterHeaders.PAYLOAD_TRUNCATED)).isEqualTo("true");
            assertThat(letter.getHeader(DeadLetterHeaders.PAYLOAD_SIZE)).isEqualTo(Integer.toString(event.length));
            assertThat(letter.getHeader(DeadLetterHeaders.CLASSIFICATION)).isEqualTo("retries-exhausted");
            assertThat(letter.getHeader(DeadLetterHeaders.EXCEPTION_MESSAGE, String.class)).contains("Connection refused");
            assertThat(letter.getBody(byte[].class)).hasSize(DeadLetterRoute.KEPT_BYTES);
        }
    }

    /** The sixth probe: a map body (AMQP AmqpValue) failed the letter's serializer as it had failed the sink's. */
    @Test
    void aLettersPayloadIsBytesWhateverTheBodyWas() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            var map = new org.apache.camel.support.DefaultExchange(camel);
            map.getIn().setBody(java.util.Map.of("order", 7));
            DeadLetterRoute.payloadBytes(map);
            assertThat(map.getIn().getBody()).isInstanceOf(byte[].class);
            assertThat(map.getIn().getBody(String.class)).isEqualTo("{\"order\":7}");

            var other = new org.apache.camel.support.DefaultExchange(camel);
            other.getIn().setBody(new StringBuilder("as text"));
            DeadLetterRoute.payloadBytes(other);
            assertThat(other.getIn().getBody()).isInstanceOf(byte[].class);
            assertThat(other.getIn().getBody(String.class)).isEqualTo("as text");

            var bytes = new org.apache.camel.support.DefaultExchange(camel);
            byte[] raw = { 1, 2 };
            bytes.getIn().setBody(raw);
            DeadLetterRoute.payloadBytes(bytes);
            assertThat(bytes.getIn().getBody()).isSameAs(raw);
        }
    }

    /** The second probe: a key or an allowed header (ce-*) of a megabyte made the letter too large on its own. */
    @Test
    void aLetterTooLargeForItsHeadersOrKeyIsBoundedToo() throws Exception {
        List<Message> stored = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("destination", refusingOverLimit(stored));
            start(camel, "orders", 1, new IOException("Connection refused"));

            String big = "h".repeat(LIMIT);
            var done = camel.createProducerTemplate().send("direct:in", e -> {
                e.getIn().setBody("{\"small\":true}".getBytes());
                e.getIn().setHeader("ce-big", big);
                e.getIn().setHeader(org.apache.camel.component.kafka.KafkaConstants.KEY, big.getBytes());
            });

            assertThat(done.getException()).as("the letter was stored: the source moves on").isNull();
            assertThat(stored).singleElement().satisfies(letter -> {
                assertThat(letter.getHeader("ce-big", String.class)).hasSize(DeadLetterRoute.KEPT_BYTES);
                assertThat(letter.getHeader(org.apache.camel.component.kafka.KafkaConstants.KEY, byte[].class))
                        .hasSize(DeadLetterRoute.KEPT_BYTES);
                assertThat(letter.getHeader(DeadLetterHeaders.TRUNCATED_HEADERS, String.class))
                        .contains("ce-big").contains("kafka.KEY");
                assertThat(letter.getHeader(DeadLetterHeaders.PAYLOAD_TRUNCATED)).isEqualTo("true");
            });
        }
    }

    /**
     * The third probe: about a thousand headers each just under the cut, or headers whose names alone are long, made
     * a letter over Kafka's 1 MiB that cutting values could not shrink, and the partition looped for ever.
     */
    @Test
    void aLetterOfManyHeadersOrLongHeaderNamesIsBoundedToo() throws Exception {
        int mib = 1024 * 1024;
        List<Message> stored = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("destination", refusingOverLimit(stored, mib));
            start(camel, "orders", 1, new IOException("Connection refused"));

            String value = "v".repeat(DeadLetterRoute.KEPT_BYTES - 1);
            String longName = "n".repeat(4 * DeadLetterRoute.KEPT_BYTES);
            var done = camel.createProducerTemplate().send("direct:in", e -> {
                e.getIn().setBody("{\"small\":true}".getBytes());
                for (int i = 0; i < 1100; i++) {
                    e.getIn().setHeader("ce-h" + i, value);
                }
                for (int i = 0; i < 300; i++) {
                    e.getIn().setHeader(longName + i, "x");
                }
            });

            assertThat(done.getException()).as("the letter was stored: the source moves on").isNull();
            assertThat(stored).singleElement().satisfies(letter -> {
                long originals = letter.getHeaders().keySet().stream().filter(n -> n.startsWith("ce-h")).count();
                assertThat(originals).as("as many as fit the header budget").isPositive()
                        .isLessThan(DeadLetterRoute.KEPT_HEADER_BYTES / DeadLetterRoute.KEPT_BYTES + 1);
                assertThat(letter.getHeaders().keySet()).noneMatch(n -> n.startsWith(longName));
                assertThat(letter.getHeader(DeadLetterHeaders.DROPPED_HEADERS))
                        .isEqualTo(Long.toString(1100 - originals + 300));
                assertThat(letter.getHeader(DeadLetterHeaders.ROUTE)).as("the envelope is whole").isEqualTo("orders");
                assertThat(letter.getHeader(DeadLetterHeaders.PAYLOAD_TRUNCATED)).isEqualTo("true");
            });
        }
    }

    /**
     * Round 4, H-1: a webhook sender's junction.dlq.source.topic stayed in its letter (webhooks have no source topic
     * of their own), and replay sent the event to the topic the sender chose; a forged payload.withheld made replay
     * skip a letter. The envelope now holds only what the gateway wrote.
     */
    @Test
    void aSendersEnvelopeHeadersDoNotReachItsLetter() throws Exception {
        List<Message> stored = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("destination", (org.apache.camel.Processor) e -> stored.add(e.getIn().copy()));
            start(camel, "hooks", 1, new IllegalArgumentException("invalid event"));

            camel.createProducerTemplate().send("direct:in", e -> {
                e.getIn().setBody("{}".getBytes());
                e.getIn().setHeader(DeadLetterHeaders.SOURCE_TOPIC, "victim");
                e.getIn().setHeader(DeadLetterHeaders.SOURCE_PARTITION, "0");
                e.getIn().setHeader(DeadLetterHeaders.PAYLOAD_WITHHELD, "forged");
                e.getIn().setHeader("junction_DOT_dlq_DOT_source_DOT_topic", "victim");
                e.getIn().setHeader("x-kept", "yes");
            });

            assertThat(stored).singleElement().satisfies(letter -> {
                assertThat(letter.getHeaders()).doesNotContainKeys(DeadLetterHeaders.SOURCE_TOPIC,
                        DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.PAYLOAD_WITHHELD,
                        "junction_DOT_dlq_DOT_source_DOT_topic");
                assertThat(letter.getHeader(DeadLetterHeaders.ROUTE)).isEqualTo("hooks");
                assertThat(letter.getHeader("x-kept")).isEqualTo("yes");
            });
        }
    }

    /**
     * The fourth probe: an AMQP sender's kafka.OVERRIDE_TOPIC sent its letter to a topic of its choice. A letter is
     * the original message as the consumer made it, before the ingress policy ran; camel-amqp's JMS binding had let
     * the name in. The letter's headers are now those the route's ingress lets in, JMS fields and junction.replay.*
     * included, and its message id is the canonical one.
     */
    @Test
    void aLetterCarriesOnlyWhatItsRoutesIngressLetsIn() throws Exception {
        List<Message> stored = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("destination", (org.apache.camel.Processor) e -> stored.add(e.getIn().copy()));
            start(camel, "from-amqp", 1, new IOException("Connection refused"));

            var exchange = camel.getEndpoint("amqp:queue:orders").createExchange();
            exchange.getIn().setBody("{}".getBytes());
            exchange.getIn().setHeader("kafka.OVERRIDE_TOPIC", "evil");
            exchange.getIn().setHeader("JMSMessageID", "ID:amid-1");
            exchange.getIn().setHeader("Junction_Dot_Replay_Dot_Count", "7");
            exchange.getIn().setHeader("junction.replay.of", "dl-forged");
            exchange.getIn().setHeader("junction_dlq_x", "off the allowlist");
            exchange.getIn().setHeader("ce-type", "order.created");
            exchange.getIn().setHeader("x-request-id", "r-1");
            camel.createProducerTemplate().send("direct:in", exchange);

            assertThat(stored).singleElement().satisfies(letter -> {
                assertThat(letter.getHeaders()).doesNotContainKeys("kafka.OVERRIDE_TOPIC", "JMSMessageID",
                        "Junction_Dot_Replay_Dot_Count", "junction.replay.of", "junction_dlq_x",
                        "ce-type"); // an AMQP sender's ce- header could only be a forged CloudEvent
                assertThat(letter.getHeader("x-request-id")).isEqualTo("r-1");
                assertThat(letter.getHeader(DeadLetterHeaders.SOURCE_MESSAGE_ID)).isEqualTo("ID:amid-1");
            });
        }
    }

    /**
     * The fourth probe: a failing Kafka record held up every record behind it, on every partition, for all its
     * attempts. kafka-source starts each record without waiting for the one before; a redelivery that sleeps on the
     * thread that started the record held that thread. Waits between attempts are now scheduled: starting a failing
     * event returns at once, and it completes (dead-lettered) later.
     */
    @Test
    void startingAFailingEventDoesNotWaitForItsRetries() throws Exception {
        List<Message> stored = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("destination", (org.apache.camel.Processor) e -> stored.add(e.getIn().copy()));
            camel.addRoutes(new DeadLetterRoute(Optional.of("test")));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").routeId("slow-partner").process(e -> {
                        throw new IOException("Connection refused");
                    });
                }
            });
            RouteDefinition route = ((ModelCamelContext) camel).getRouteDefinition("slow-partner");
            new DeadLetterPolicy(camel, new RetryPolicy(3, Duration.ofMillis(300), 1, Duration.ofMillis(300), 0,
                    Duration.ZERO), deadLetters("bean:destination")).apply("slow-partner", route);
            ((ModelCamelContext) camel).addRouteDefinition(route);
            camel.start();

            var processor = org.apache.camel.support.AsyncProcessorConverterHelper.convert(
                    camel.getRoute("slow-partner").getConsumer().getProcessor());
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(2);
            List<Long> finishedWhenStartReturned = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 2; i++) {
                var exchange = camel.getEndpoint("direct:in").createExchange();
                exchange.getIn().setBody(("event " + i).getBytes());
                processor.process(exchange, doneSync -> done.countDown());
                finishedWhenStartReturned.add(2 - done.getCount());
            }
            assertThat(finishedWhenStartReturned).as("each start returned before its retries were over")
                    .containsExactly(0L, 0L);
            assertThat(done.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(stored).hasSize(2);
        }
    }

    /**
     * A destination that is an endpoint, as Kafka is (not a route with an error handler of its own), and refuses a
     * letter as Kafka's max.request.size does: payload and headers together over {@link #LIMIT}.
     */
    static org.apache.camel.Processor refusingOverLimit(List<Message> stored) {
        return refusingOverLimit(stored, LIMIT);
    }

    static org.apache.camel.Processor refusingOverLimit(List<Message> stored, int limit) {
        return e -> {
            if (e.getIn().getBody(byte[].class).length + e.getIn().getHeaders().toString().length() > limit) {
                throw new RecordTooLargeException("larger than max.request.size");
            }
            stored.add(e.getIn().copy());
        };
    }

    /**
     * Starts the dead-letter route and a route ({@code direct:in}) that always fails with {@code failure}, with the
     * gateway's policy (dead letters to {@code bean:destination}, bound by the caller).
     */
    static void start(DefaultCamelContext camel, String routeId, int attempts, Exception failure) throws Exception {
        camel.addRoutes(new DeadLetterRoute(Optional.of("test")));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").routeId(routeId).process(e -> {
                    throw failure;
                });
            }
        });
        RouteDefinition route = ((ModelCamelContext) camel).getRouteDefinition(routeId);
        new DeadLetterPolicy(camel, new RetryPolicy(attempts, Duration.ZERO, 1, Duration.ZERO, 0, Duration.ZERO),
                deadLetters("bean:destination")).apply(routeId, route);
        ((ModelCamelContext) camel).addRouteDefinition(route);
        camel.start();
    }

    static io.junction.config.JunctionConfig.DeadLetter deadLetters(String uri) {
        return new io.junction.config.JunctionConfig.DeadLetter() {
            public boolean enabled() {
                return true;
            }

            public String uri() {
                return uri;
            }

            public Optional<List<String>> replayTargets() {
                return Optional.empty();
            }

            public Duration heldRefresh() {
                return Duration.ofSeconds(30);
            }
        };
    }
}
