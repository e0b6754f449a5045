package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Declarative policies on the real Kafka: filter (counted), transform (exact), schema validation (invalid to the
 * dead letter with its messages), classified retries with backoff, fatal failures dead-lettered at once, the
 * dead-letter envelope field by field, and a poison message that does not hold up the stream behind it.
 */
class PoliciesIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @TempDir
    static Path tmp;
    static GatewayProcess gateway;
    static PartnerServer retrying;
    static PartnerServer rejecting;
    static PartnerServer flaky;
    static PartnerServer refusingMasked;

    static String t(String what) {
        return "it-pol-" + what + "-" + RUN;
    }

    @BeforeAll
    static void start() throws Exception {
        retrying = new PartnerServer();
        rejecting = new PartnerServer();
        rejecting.failNext(Integer.MAX_VALUE, 400);
        flaky = new PartnerServer();
        flaky.failNext(1, 503);
        refusingMasked = new PartnerServer();
        refusingMasked.failNext(Integer.MAX_VALUE, 400);
        for (String topic : List.of("f-in", "f-out", "t-in", "t-out", "s-in", "s-out", "r-in", "x-in", "bs-in",
                "bs-out", "br-in", "m-in")) {
            Kafka.createTopic(t(topic), 1);
        }
        Files.writeString(tmp.resolve("order.schema.json"), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "type": "object", "required": ["id", "total"],
                 "properties": {"id": {"type": "string"}, "total": {"type": "number", "minimum": 0}}}
                """);
        Path routes = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(routes.resolve("policies.yaml"), """
                - route:
                    id: filter-%1$s
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %2$s, groupId: g-%2$s}
                      steps:
                        - to: {uri: kamelet:json-filter-action, parameters: {expression: '.type == "order"'}}
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %3$s}}
                - route:
                    id: transform-%1$s
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %4$s, groupId: g-%4$s}
                      steps:
                        - to: {uri: kamelet:jq-transform-action, parameters: {expression: '{id: .id, total: (.items | map(.price) | add)}'}}
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %5$s}}
                - route:
                    id: schema-%1$s
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %6$s, groupId: g-%6$s}
                      steps:
                        - to: {uri: kamelet:json-schema-action, parameters: {schema: "file:%7$s"}}
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %8$s}}
                - route:
                    id: retry-%1$s
                    errorHandler:
                      deadLetterChannel:
                        deadLetterUri: "kafka:retry-%1$s.dlq"
                        redeliveryPolicy:
                          maximumRedeliveries: 3
                          redeliveryDelay: 200
                          backOffMultiplier: 2
                          collisionAvoidanceFactor: 0
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %9$s, groupId: g-%9$s}
                      steps:
                        - to: {uri: kamelet:http-sink, parameters: {url: "%10$s"}}
                - route:
                    id: reject-%1$s
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %11$s, groupId: g-%11$s}
                      steps:
                        - to: {uri: kamelet:http-sink, parameters: {url: "%12$s"}}
                - route:
                    id: batch-schema-%1$s
                    from:
                      uri: kamelet:kafka-batch-source
                      parameters: {topic: %13$s, groupId: g-%13$s}
                      steps:
                        - to: {uri: kamelet:json-schema-action, parameters: {schema: "file:%7$s"}}
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %14$s}}
                - route:
                    id: batch-reread-%1$s
                    # No retry, no dead letter: a failure is unhandled, which fails the batch.
                    errorHandler:
                      defaultErrorHandler:
                        redeliveryPolicy: {maximumRedeliveries: 0}
                    from:
                      uri: kamelet:kafka-batch-source
                      parameters: {topic: %15$s, groupId: g-%15$s}
                      steps:
                        - to: {uri: kamelet:http-sink, parameters: {url: "%16$s"}}
                - route:
                    id: mask-%1$s
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %17$s, groupId: g-%17$s}
                      steps:
                        - to: {uri: kamelet:mask-action, parameters: {redact: "$.ssn"}}
                        - to: {uri: kamelet:http-sink, parameters: {url: "%18$s"}}
                """.formatted(RUN, t("f-in"), t("f-out"), t("t-in"), t("t-out"), t("s-in"),
                tmp.resolve("order.schema.json"), t("s-out"), t("r-in"), retrying.url("/retry"), t("x-in"),
                rejecting.url("/reject"), t("bs-in"), t("bs-out"), t("br-in"), flaky.url("/flaky"),
                t("m-in"), refusingMasked.url("/masked")));
        gateway = GatewayProcess.start("policies", routes).awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        retrying.close();
        rejecting.close();
        flaky.close();
        refusingMasked.close();
    }

    static void send(String topic, String key, String json) throws Exception {
        Kafka.send(topic, key, json.getBytes(StandardCharsets.UTF_8), Map.of("content-type", "application/json"));
    }

    static String text(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.value(), StandardCharsets.UTF_8);
    }

    @Test
    void filteredEventsAreCountedNotLost() throws Exception {
        send(t("f-in"), "a", "{\"type\":\"order\",\"id\":\"1\"}");
        send(t("f-in"), "b", "{\"type\":\"ping\",\"id\":\"2\"}");
        send(t("f-in"), "c", "{\"type\":\"order\",\"id\":\"3\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> Kafka.committed("g-" + t("f-in"), t("f-in")) == 3);
        List<ConsumerRecord<byte[], byte[]>> out = Kafka.read(t("f-out"), 2, Duration.ofSeconds(30));
        assertThat(out).extracting(PoliciesIT::text)
                .containsExactly("{\"type\":\"order\",\"id\":\"1\"}", "{\"type\":\"order\",\"id\":\"3\"}");
        assertThat(Kafka.endOffset(t("f-out"), 1)).isEqualTo(2);
        String route = "route=\"filter-" + RUN + "\"";
        assertThat(gateway.management("/q/metrics").body())
                .contains("junction_events_total{outcome=\"filtered\"," + route + "} 1.0")
                .contains("junction_events_total{outcome=\"delivered\"," + route + "} 2.0")
                .contains("junction_event_duration_seconds_count{" + route + "} 3");
    }

    @Test
    void transformOutputIsExact() throws Exception {
        send(t("t-in"), "o-9", "{\"id\":\"o-9\",\"customer\":\"x\",\"items\":[{\"price\":2.5},{\"price\":4}]}");
        ConsumerRecord<byte[], byte[]> out = Kafka.read(t("t-out"), 1, Duration.ofSeconds(60)).get(0);
        assertThat(text(out)).isEqualTo("{\"id\":\"o-9\",\"total\":6.5}");
        assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("o-9");
        assertThat(Kafka.header(out, "content-type")).isEqualTo("application/json");
    }

    @Test
    void schemaInvalidGoesToTheDeadLetterWithItsMessagesAndDoesNotBlockTheStream() throws Exception {
        String poison = "{\"id\":42,\"total\":-1}";
        try (KafkaProducer<byte[], byte[]> p = Kafka.producer()) {
            p.send(new ProducerRecord<>(t("s-in"), "poison".getBytes(StandardCharsets.UTF_8),
                    poison.getBytes(StandardCharsets.UTF_8)));
            for (int i = 0; i < 1000; i++) {
                p.send(new ProducerRecord<>(t("s-in"), ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("{\"id\":\"o-" + i + "\",\"total\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> out = Kafka.read(t("s-out"), 1000, Duration.ofSeconds(120));
        assertThat(out).hasSize(1000);
        assertThat(text(out.get(0))).isEqualTo("{\"id\":\"o-0\",\"total\":0}");

        ConsumerRecord<byte[], byte[]> dead = Kafka.read("schema-" + RUN + ".dlq", 1, Duration.ofSeconds(30)).get(0);
        assertThat(text(dead)).isEqualTo(poison);
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("poison");
        assertThat(Kafka.header(dead, "junction.dlq.classification")).isEqualTo("fatal");
        assertThat(Kafka.header(dead, "junction.dlq.attempts")).isEqualTo("1");
        assertThat(Kafka.header(dead, "junction.dlq.exception.class"))
                .isEqualTo("org.apache.camel.component.jsonvalidator.JsonValidationException");
        assertThat(Kafka.header(dead, "junction.dlq.exception.message")).startsWith("JSON schema validation failed:")
                .contains("$.id").contains("$.total");
        assertThat(Kafka.endOffset(t("s-out"), 1)).isEqualTo(1000);
    }

    @Test
    void retryableFailuresAreRetriedWithBackoffThenDelivered() throws Exception {
        retrying.failNext(3, 503);
        send(t("r-in"), "r-1", "{\"id\":\"r-1\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> Kafka.committed("g-" + t("r-in"), t("r-in")) == 1);
        List<PartnerServer.Request> requests = retrying.requests();
        assertThat(requests).hasSize(4);
        assertThat(requests).extracting(r -> new String(r.body(), StandardCharsets.UTF_8)).containsOnly("{\"id\":\"r-1\"}");
        // redeliveryDelay 200 ms, backOffMultiplier 2, no jitter: 200, 400, 800 ms at least, and not minutes.
        long[] expected = { 200, 400, 800 };
        for (int i = 1; i < requests.size(); i++) {
            long gapMs = (requests.get(i).nanos() - requests.get(i - 1).nanos()) / 1_000_000;
            assertThat(gapMs).as("wait before attempt %d", i + 1).isGreaterThanOrEqualTo(expected[i - 1])
                    .isLessThan(expected[i - 1] + 10_000);
        }
        assertThat(Kafka.topicExists("retry-" + RUN + ".dlq") && Kafka.endOffset("retry-" + RUN + ".dlq", 1) > 0)
                .isFalse();

        // When every attempt fails, the event is dead-lettered after the last one.
        retrying.failNext(4, 503);
        send(t("r-in"), "r-2", "{\"id\":\"r-2\"}");
        ConsumerRecord<byte[], byte[]> dead = Kafka.read("retry-" + RUN + ".dlq", 1, Duration.ofSeconds(60)).get(0);
        assertThat(text(dead)).isEqualTo("{\"id\":\"r-2\"}");
        assertThat(Kafka.header(dead, "junction.dlq.classification")).isEqualTo("retries-exhausted");
        assertThat(Kafka.header(dead, "junction.dlq.attempts")).isEqualTo("4");
        assertThat(retrying.requests()).hasSize(8);
    }

    @Test
    void aFatalFailureIsDeadLetteredAtOnceWithTheFullEnvelope() throws Exception {
        Instant before = Instant.now();
        Kafka.send(t("x-in"), "order-400", "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/json", "correlation-id", "c-400"));
        ConsumerRecord<byte[], byte[]> dead = Kafka.read("reject-" + RUN + ".dlq", 1, Duration.ofSeconds(60)).get(0);
        assertThat(rejecting.requests()).as("no retry of a 400").hasSize(1);

        assertThat(text(dead)).isEqualTo("{\"id\":\"x\"}");
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("order-400");
        assertThat(Kafka.header(dead, "content-type")).isEqualTo("application/json");
        assertThat(Kafka.header(dead, "correlation-id")).isEqualTo("c-400");
        assertThat(Kafka.header(dead, "junction.dlq.route")).isEqualTo("reject-" + RUN);
        assertThat(Kafka.header(dead, "junction.dlq.source")).isEqualTo("kamelet:kafka-source");
        assertThat(Kafka.header(dead, "junction.dlq.source.topic")).isEqualTo(t("x-in"));
        assertThat(Kafka.header(dead, "junction.dlq.source.partition")).isEqualTo("0");
        assertThat(Kafka.header(dead, "junction.dlq.source.offset")).isEqualTo("0");
        assertThat(Kafka.header(dead, "junction.dlq.exception.class"))
                .isEqualTo("org.apache.camel.http.base.HttpOperationFailedException");
        assertThat(Kafka.header(dead, "junction.dlq.exception.message")).contains("statusCode: 400");
        assertThat(Kafka.header(dead, "junction.dlq.classification")).isEqualTo("fatal");
        assertThat(Kafka.header(dead, "junction.dlq.attempts")).isEqualTo("1");
        Instant first = Instant.parse(Kafka.header(dead, "junction.dlq.first-failure"));
        Instant last = Instant.parse(Kafka.header(dead, "junction.dlq.last-failure"));
        assertThat(first).isAfterOrEqualTo(before.minusSeconds(1)).isBeforeOrEqualTo(last);
        assertThat(Kafka.header(dead, "junction.dlq.instance")).isNotBlank();
        assertThat(Kafka.header(dead, "junction.dlq.id")).matches("dl-[0-9a-f]{24}");
        await().atMost(Duration.ofSeconds(30)).until(() -> Kafka.committed("g-" + t("x-in"), t("x-in")) == 1);
        assertThat(gateway.management("/q/metrics").body())
                .contains("junction_dead_letters_total{classification=\"fatal\",route=\"reject-" + RUN + "\"}");
    }

    /**
     * M2: what a route masks is masked in its dead letters too (a step after mask-action failed), and in an event
     * that is a JSON array, in every element.
     */
    @Test
    void aMaskedFieldIsMaskedInTheDeadLetterAndInEveryElementOfAnArray() throws Exception {
        send(t("m-in"), "one", "{\"ssn\":\"123-45-6789\",\"n\":1}");
        send(t("m-in"), "many", "[{\"ssn\":\"222-33-4444\",\"n\":2},{\"ssn\":\"555-66-7777\",\"n\":3}]");
        send(t("m-in"), "torn", "{\"ssn\":\"888-99-0000\"");
        List<ConsumerRecord<byte[], byte[]>> letters = Kafka.read("mask-" + RUN + ".dlq", 3, Duration.ofSeconds(60));
        // The event the mask could not read (not JSON) keeps no payload at all.
        ConsumerRecord<byte[], byte[]> torn = letters.stream()
                .filter(r -> "torn".equals(new String(r.key(), StandardCharsets.UTF_8))).findFirst().orElseThrow();
        assertThat(torn.value()).isEmpty();
        assertThat(Kafka.header(torn, "junction.dlq.payload.withheld")).contains("not JSON");
        List<ConsumerRecord<byte[], byte[]>> dead = letters.stream().filter(r -> r != torn).toList();
        List<String> masked = List.of("{\"ssn\":\"[REDACTED]\",\"n\":1}",
                "[{\"ssn\":\"[REDACTED]\",\"n\":2},{\"ssn\":\"[REDACTED]\",\"n\":3}]");
        assertThat(dead).extracting(PoliciesIT::text).containsExactlyInAnyOrderElementsOf(masked);
        assertThat(refusingMasked.requests()).extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
                .as("what the partner was offered").containsExactlyElementsOf(masked);
        for (ConsumerRecord<byte[], byte[]> r : letters) {
            assertThat(text(r)).doesNotContain("-33-").doesNotContain("-99-").doesNotContain("-45-");
        }
    }

    @Test
    void inABatchThePoisonIsDeadLetteredAndTheRestDeliveredInOrderThenCommitted() throws Exception {
        String poison = "{\"id\":42,\"total\":-1}";
        try (KafkaProducer<byte[], byte[]> p = Kafka.producer()) {
            for (int i = 0; i < 1000; i++) {
                if (i == 300) {
                    p.send(new ProducerRecord<>(t("bs-in"), "poison".getBytes(StandardCharsets.UTF_8),
                            poison.getBytes(StandardCharsets.UTF_8)));
                }
                p.send(new ProducerRecord<>(t("bs-in"), ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("{\"id\":\"o-" + i + "\",\"total\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> out = Kafka.read(t("bs-out"), 1000, Duration.ofSeconds(120));
        assertThat(out).extracting(PoliciesIT::text).as("every valid event, once, in the order produced")
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 1000)
                        .mapToObj(i -> "{\"id\":\"o-" + i + "\",\"total\":" + i + "}").toList());
        assertThat(new String(out.get(999).key(), StandardCharsets.UTF_8)).isEqualTo("k999");

        ConsumerRecord<byte[], byte[]> dead = Kafka.read("batch-schema-" + RUN + ".dlq", 1, Duration.ofSeconds(30))
                .get(0);
        assertThat(text(dead)).as("the original record, not the batch").isEqualTo(poison);
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("poison");
        assertThat(Kafka.header(dead, "junction.dlq.classification")).isEqualTo("fatal");
        assertThat(Kafka.header(dead, "junction.dlq.source")).isEqualTo("kamelet:kafka-batch-source");
        assertThat(Kafka.header(dead, "junction.dlq.source.topic")).isEqualTo(t("bs-in"));
        assertThat(Kafka.header(dead, "junction.dlq.source.offset")).isEqualTo("300");
        await().atMost(Duration.ofSeconds(30)).until(() -> Kafka.committed("g-" + t("bs-in"), t("bs-in")) == 1001);
    }

    @Test
    void aBatchWithAnUnhandledFailureIsReadAgainNotSkipped() throws Exception {
        for (int i = 0; i < 5; i++) {
            send(t("br-in"), "b-" + i, "{\"id\":\"b-" + i + "\"}");
        }
        // The first request fails (503) with nothing to handle it: the batch is not committed and is read again.
        await().atMost(Duration.ofSeconds(90)).until(() -> Kafka.committed("g-" + t("br-in"), t("br-in")) == 5);
        List<String> bodies = flaky.requests().stream().map(r -> new String(r.body(), StandardCharsets.UTF_8))
                .toList();
        assertThat(bodies).as("every event reached the partner").containsAll(java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> "{\"id\":\"b-" + i + "\"}").toList());
        assertThat(bodies.stream().filter("{\"id\":\"b-0\"}"::equals).count()).as("the failed one, again")
                .isGreaterThanOrEqualTo(2);
        assertThat(Kafka.topicExists("batch-reread-" + RUN + ".dlq")).as("nothing dead-lettered").isFalse();
    }
}
