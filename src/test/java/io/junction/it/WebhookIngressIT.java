package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.junction.webhooks.StandardWebhooks;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook ingress over real HTTP into the real Kafka: signatures, header hygiene (through the connector and
 * through a raw platform-http route), limits, redelivery, CloudEvents, and no 2xx while Kafka is down.
 */
class WebhookIngressIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    static final String GH_SECRET = "It's a Secret to Everybody";
    static final String SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String STRIPE_SECRET = "whsec_stripe_test_" + RUN;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;
    static GatewayProcess gateway;

    static String topic(String what) {
        return "it-wh-" + what + "-" + RUN;
    }

    @BeforeAll
    static void start() throws Exception {
        for (String t : List.of("gh", "sw", "raw", "ce", "lim", "down", "slow", "stripe", "big")) {
            Kafka.createTopic(topic(t), 1);
        }
        Path routes = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(routes.resolve("hooks.yaml"), """
                - route:
                    id: gh-%1$s
                    from:
                      uri: kamelet:webhook-source
                      parameters: {path: /hooks/gh, verifier: github, secrets: "%2$s", responseBody: id}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %3$s}}
                - route:
                    id: sw-%1$s
                    from:
                      uri: kamelet:webhook-source
                      parameters: {path: /hooks/sw, verifier: standard-webhooks, secrets: "whsec_old0000000000000000000000000000,%4$s"}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %5$s}}
                - route:
                    id: raw-%1$s
                    from:
                      uri: "platform-http:/raw"
                      steps:
                        - convertBodyTo: {type: java.lang.String}
                        - to: "kafka:%6$s"
                - route:
                    id: ce-%1$s
                    from:
                      uri: kamelet:webhook-source
                      parameters: {path: /hooks/ce}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %7$s}}
                - route:
                    id: lim-%1$s
                    from:
                      uri: kamelet:webhook-source
                      parameters: {path: /hooks/lim, maxBodySize: 64, contentTypes: application/json, clientRateLimit: 2, responseCode: 204}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %8$s}}
                - route:
                    id: slow-%1$s
                    from:
                      uri: kamelet:webhook-source
                      parameters: {path: /hooks/slow, requestTimeout: 1s}
                      steps:
                        - delay:
                            constant: 3000
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %10$s}}
                - route:
                    id: stripe-%1$s
                    from:
                      uri: kamelet:webhook-source
                      parameters: {path: /hooks/stripe, verifier: stripe, secrets: "%11$s"}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %12$s}}
                - route:
                    id: big-%1$s
                    from:
                      uri: kamelet:webhook-source
                      parameters: {path: /hooks/big}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %13$s}}
                - route:
                    id: down-%1$s
                    from:
                      uri: kamelet:webhook-source
                      parameters: {path: /hooks/down}
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %9$s}}
                - route:
                    id: partner-down-%1$s
                    from:
                      uri: kamelet:webhook-source
                      parameters: {path: /hooks/partner-down}
                      steps:
                        - to: {uri: kamelet:http-sink, parameters: {url: "http://127.0.0.1:1/down"}}
                """.formatted(RUN, GH_SECRET, topic("gh"), SW_SECRET, topic("sw"), topic("raw"), topic("ce"),
                topic("lim"), topic("down"), topic("slow"), STRIPE_SECRET, topic("stripe"), topic("big")));
        gateway = GatewayProcess.start("webhook-ingress", routes).awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    static HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.ingress(path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String github(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(GH_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    static String stripe(byte[] body) throws Exception {
        long t = Instant.now().getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(STRIPE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signed = (t + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal(signed));
    }

    static final Map<String, String> CONTROL = Map.of("kafka.OVERRIDE_TOPIC", "evil-" + RUN,
            "Kafka.Override_Topic", "evil2-" + RUN, "kafka.PARTITION_KEY", "7", "CamelHttpUri", "http://127.0.0.1:1/x",
            "cAmElExecCommandExecutable", "/bin/sh", "CamelFileName", "../evil");

    static void assertClean(ConsumerRecord<byte[], byte[]> r) throws Exception {
        for (var h : r.headers()) {
            String n = h.key().toLowerCase(Locale.ROOT);
            assertThat(n).doesNotStartWith("camel").doesNotStartWith("kafka.").doesNotStartWith("org.apache");
        }
        assertThat(Kafka.topicExists("evil-" + RUN)).isFalse();
        assertThat(Kafka.topicExists("evil2-" + RUN)).isFalse();
        assertThat(r.partition()).isZero();
    }

    @Test
    void aSignedGitHubDeliveryIsPublishedByteForByteAndRedeliveryOnce() throws Exception {
        byte[] body = "{\"action\":\"opened\",\"text\":\"Gr\u00fc\u00dfe \u20ac\"}".getBytes(StandardCharsets.UTF_8);
        String delivery = UUID.randomUUID().toString();
        HttpResponse<String> r = post("/hooks/gh", "application/json", body, "X-Hub-Signature-256", github(body),
                "X-GitHub-Delivery", delivery, "X-GitHub-Event", "pull_request");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).isEqualTo("{\"id\":\"" + delivery + "\"}");
        // GitHub redelivers with the same delivery id: answered 2xx, not published again.
        HttpResponse<String> again = post("/hooks/gh", "application/json", body, "X-Hub-Signature-256", github(body),
                "X-GitHub-Delivery", delivery, "X-GitHub-Event", "pull_request");
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.headers().firstValue("Junction-Duplicate")).contains("true");

        // Other tests post to this path too: look at the records of this delivery only.
        List<ConsumerRecord<byte[], byte[]>> records = Kafka.read(topic("gh"), 10, Duration.ofSeconds(10)).stream()
                .filter(rec -> delivery.equals(Kafka.header(rec, "message-id"))).toList();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).value()).isEqualTo(body);
        assertThat(records.get(0).headers().toArray()).extracting(x -> x.key().toLowerCase(Locale.ROOT))
                .contains("x-github-event");
        assertThat(Kafka.header(records.get(0), "message-id")).isEqualTo(delivery);
        assertThat(gateway.management("/q/metrics").body()).contains("junction_duplicates_total{route=\"webhook:/hooks/gh\"} 1.0");
    }

    @Test
    void badSignaturesAre401AndPublishNothing() throws Exception {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        long before = Kafka.endOffset(topic("gh"), 1);
        assertThat(post("/hooks/gh", "application/json", body).statusCode()).isEqualTo(401);
        assertThat(post("/hooks/gh", "application/json", body, "X-Hub-Signature-256", github("{\"a\":2}"
                .getBytes(StandardCharsets.UTF_8))).body()).isEqualTo("{\"error\":\"signature mismatch\"}");
        String id = "msg_" + RUN;
        long stale = Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond();
        HttpResponse<String> old = post("/hooks/sw", "application/json", body, "webhook-id", id, "webhook-timestamp",
                Long.toString(stale), "webhook-signature",
                StandardWebhooks.sign(StandardWebhooks.secretKey(SW_SECRET), id, stale, body));
        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(old.body()).contains("timestamp outside tolerance");
        assertThat(Kafka.endOffset(topic("gh"), 1)).isEqualTo(before);
        assertThat(Kafka.endOffset(topic("sw"), 1)).isZero();
        assertThat(gateway.management("/q/metrics").body()).contains("reason=\"auth: signature mismatch\"");
    }

    @Test
    void aStandardWebhooksDeliverySignedWithTheNewSecretIsAccepted() throws Exception {
        byte[] body = "{\"type\":\"invoice.paid\"}".getBytes(StandardCharsets.UTF_8);
        String id = "msg_sw_" + RUN;
        long now = Instant.now().getEpochSecond();
        HttpResponse<String> r = post("/hooks/sw", "application/json", body, "webhook-id", id, "webhook-timestamp",
                Long.toString(now), "webhook-signature", "v1,bm90IGEgc2lnbmF0dXJl "
                        + StandardWebhooks.sign(StandardWebhooks.secretKey(SW_SECRET), id, now, body));
        assertThat(r.statusCode()).isEqualTo(202);
        ConsumerRecord<byte[], byte[]> rec = Kafka.read(topic("sw"), 1, Duration.ofSeconds(30)).get(0);
        assertThat(rec.value()).isEqualTo(body);
        assertThat(Kafka.header(rec, "message-id")).isEqualTo(id);
    }

    /** Control names as headers, as query parameters and as form fields, through the connector and a raw route. */
    @Test
    void controlHeadersQueryParametersAndFormFieldsChangeNothing() throws Exception {
        StringBuilder query = new StringBuilder();
        StringBuilder form = new StringBuilder();
        List<String> headers = new ArrayList<>();
        CONTROL.forEach((k, v) -> {
            String pair = URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8);
            query.append(query.length() == 0 ? "?" : "&").append(pair);
            form.append(form.length() == 0 ? "" : "&").append(pair);
            headers.add(k);
            headers.add(v);
        });
        byte[] json = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] formBody = form.toString().getBytes(StandardCharsets.UTF_8);
        String[] h = headers.toArray(String[]::new);

        // The raw route: platform-http straight into kafka, written without any Junction connector.
        assertThat(post("/raw" + query, "application/json", json, h).statusCode()).isBetween(200, 299);
        assertThat(post("/raw" + query, "application/x-www-form-urlencoded", formBody, h).statusCode()).isBetween(200, 299);
        // Another test posts to the same route: read what is there, which includes these two.
        List<ConsumerRecord<byte[], byte[]>> raw = Kafka.read(topic("raw"), 10, Duration.ofSeconds(10));
        assertThat(raw).hasSizeGreaterThanOrEqualTo(2);
        for (var r : raw) {
            assertClean(r);
        }
        assertThat(raw).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .as("a form reaches the raw route as the text it was sent as").contains(form.toString());
        // The connector.
        byte[] signed = formBody;
        assertThat(post("/hooks/gh" + query, "application/x-www-form-urlencoded", signed,
                concat(h, "X-Hub-Signature-256", github(signed))).statusCode()).isEqualTo(202);
        List<ConsumerRecord<byte[], byte[]>> viaConnector = Kafka.read(topic("gh"), 10, Duration.ofSeconds(5));
        ConsumerRecord<byte[], byte[]> last = viaConnector.get(viaConnector.size() - 1);
        assertThat(last.value()).as("the form arrives as the raw bytes that were signed").isEqualTo(signed);
        assertClean(last);
    }

    /** A form whose fields are not on the header allowlist used to be stored as an empty record. */
    @Test
    void aFormPostedToARawRouteIsCarriedAndAMultipartFormIsRefused() throws Exception {
        String form = "name=J%C3%BCrgen+M&note=a%26b%3Dc&note=second";
        assertThat(post("/raw", "application/x-www-form-urlencoded; charset=UTF-8",
                form.getBytes(StandardCharsets.UTF_8)).statusCode()).isBetween(200, 299);
        String boundary = "junction-boundary";
        byte[] multipart = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> refused = post("/raw", "multipart/form-data; boundary=" + boundary, multipart);
        assertThat(refused.statusCode()).isEqualTo(415);
        assertThat(refused.body()).contains("multipart/form-data cannot be carried");
        List<ConsumerRecord<byte[], byte[]>> records = Kafka.read(topic("raw"), 100, Duration.ofSeconds(5));
        assertThat(records).extracting(r -> r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8))
                .contains(form).doesNotContainNull().noneMatch(v -> v.contains("hello"));
    }

    static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void limitsAnswerTheRightStatus() throws Exception {
        byte[] small = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(post("/hooks/lim", "application/json", new byte[100]).statusCode()).isEqualTo(413);
        assertThat(post("/hooks/lim", "text/plain", small).statusCode()).isEqualTo(415);
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(gateway.ingress("/hooks/lim")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        HttpResponse<String> notFound = HTTP.send(HttpRequest.newBuilder(gateway.ingress("/hooks/nothing-here")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).doesNotContain("hooks/gh").doesNotContain("lim-").doesNotContain("/raw");
        // 2 per second per client: a burst of requests runs into 429 with Retry-After.
        HttpResponse<String> limited = null;
        for (int i = 0; i < 10 && limited == null; i++) {
            HttpResponse<String> r = post("/hooks/lim", "application/json", small);
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertThat(r.statusCode()).isEqualTo(204);
            }
        }
        assertThat(limited).isNotNull();
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
    }

    @Test
    void cloudEventsInBinaryAndStructuredModeGoToKafkaInBinaryMode() throws Exception {
        byte[] data = "{\"temperature\":21}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> binary = post("/hooks/ce", "application/json", data, "ce-specversion", "1.0",
                "ce-id", "ce-1-" + RUN, "ce-source", "/sensors/7", "ce-type", "com.example.reading",
                "ce-subject", "Euro%20%E2%82%AC%20%F0%9F%98%80");
        assertThat(binary.statusCode()).as(binary.body()).isEqualTo(202);
        String structured = "{\"specversion\":\"1.0\",\"id\":\"ce-2-" + RUN + "\",\"source\":\"/sensors/8\","
                + "\"type\":\"com.example.reading\",\"datacontenttype\":\"application/json\",\"data\":{\"temperature\":22}}";
        assertThat(post("/hooks/ce", "application/cloudevents+json", structured.getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(202);
        // An overlong UTF-8 encoding is refused, not repaired.
        HttpResponse<String> overlong = post("/hooks/ce", "application/json", data, "ce-specversion", "1.0",
                "ce-id", "ce-3-" + RUN, "ce-source", "/s", "ce-type", "t", "ce-subject", "bad%C0%A0");
        assertThat(overlong.statusCode()).isEqualTo(400);
        // The tenth probe (Low): a version this binding does not read was accepted and published as such.
        HttpResponse<String> future = post("/hooks/ce", "application/json", data, "ce-specversion", "9.9",
                "ce-id", "ce-4-" + RUN, "ce-source", "/s", "ce-type", "t");
        assertThat(future.statusCode()).isEqualTo(400);
        assertThat(future.body()).contains("specversion '9.9' is not supported");

        List<ConsumerRecord<byte[], byte[]>> out = Kafka.read(topic("ce"), 2, Duration.ofSeconds(30));
        assertThat(out).hasSize(2);
        ConsumerRecord<byte[], byte[]> b = out.get(0);
        assertThat(b.value()).isEqualTo(data);
        assertThat(Kafka.header(b, "ce_specversion")).isEqualTo("1.0");
        assertThat(Kafka.header(b, "ce_id")).isEqualTo("ce-1-" + RUN);
        assertThat(Kafka.header(b, "ce_source")).isEqualTo("/sensors/7");
        assertThat(Kafka.header(b, "ce_type")).isEqualTo("com.example.reading");
        assertThat(Kafka.header(b, "ce_subject")).isEqualTo("Euro \u20ac \uD83D\uDE00");
        assertThat(Kafka.header(b, "content-type")).isEqualTo("application/json");
        ConsumerRecord<byte[], byte[]> s = out.get(1);
        assertThat(new String(s.value(), StandardCharsets.UTF_8)).isEqualTo("{\"temperature\":22}");
        assertThat(Kafka.header(s, "ce_id")).isEqualTo("ce-2-" + RUN);
        assertThat(Kafka.header(s, "content-type")).isEqualTo("application/json");
        assertThat(Kafka.header(s, "ce-id")).isNull();
    }

    /**
     * The tenth probe (Low): each request a down partner refused wrote about 120 log lines (the dead-letter route's
     * default handler at ERROR with its message history, Camel's fatal fallback with a stack trace): anyone who can
     * reach the webhook could fill the disk while a partner is away.
     */
    @Test
    void aRequestADownPartnerRefusedLogsAFewLinesNotAPage() throws Exception {
        byte[] body = "{\"order\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(post("/hooks/partner-down", "application/json", body).statusCode()).isEqualTo(503);
        long before = Files.readAllLines(gateway.log()).size();
        for (int i = 0; i < 5; i++) {
            assertThat(post("/hooks/partner-down", "application/json", body).statusCode()).isEqualTo(503);
        }
        await("the five refusals logged").atMost(Duration.ofSeconds(10)).until(() -> Files.readAllLines(gateway.log())
                .stream().filter(l -> l.contains("/hooks/partner-down not accepted")).count() >= 6);
        List<String> added = Files.readAllLines(gateway.log());
        added = added.subList((int) before, added.size());
        assertThat(added).as(String.join("\n", added)).hasSizeLessThanOrEqualTo(5 * 4);
    }

    @Test
    void kafkaDownIs503WithRetryAfterAndTheRetryIsPublishedAsSent() throws Exception {
        Path brokers = GatewayProcess.ROOT.resolve("deploy/local/brokers.sh");
        byte[] body = "{\"order\":\"while-kafka-is-down\"}".getBytes(StandardCharsets.UTF_8);
        run(brokers.toString(), "stop", "kafka");
        try {
            HttpResponse<String> r = post("/hooks/down", "application/json", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
        } finally {
            run(brokers.toString(), "start", "kafka");
        }
        // The sender retries once Kafka is back.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                .until(() -> post("/hooks/down", "application/json", body).statusCode() == 202);
        List<ConsumerRecord<byte[], byte[]>> out = Kafka.read(topic("down"), 5, Duration.ofSeconds(10));
        assertThat(out).isNotEmpty();
        assertThat(out).allSatisfy(r -> assertThat(r.value()).isEqualTo(body));
    }

    @Test
    void aSlowRouteAnswers503InTimeAndTheRetryIsRecognised() throws Exception {
        byte[] body = "{\"slow\":true}".getBytes(StandardCharsets.UTF_8);
        String key = "slow-" + RUN;
        HttpResponse<String> first = post("/hooks/slow", "application/json", body, "Idempotency-Key", key);
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).isPresent();
        // The route went on and stored the event; the sender's retry is answered without publishing twice.
        await().atMost(Duration.ofSeconds(30)).until(() -> Kafka.endOffset(topic("slow"), 1) == 1);
        HttpResponse<String> retry = post("/hooks/slow", "application/json", body, "Idempotency-Key", key);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Junction-Duplicate")).contains("true");
        assertThat(Kafka.endOffset(topic("slow"), 1)).isEqualTo(1);
    }

    /** D2: a captured, validly signed delivery re-sent with other unsigned ids is still the same delivery. */
    @Test
    void redeliveriesAreRecognisedBySignedMaterialNotByUnsignedHeaders() throws Exception {
        byte[] a = ("{\"id\":\"evt_A_" + RUN + "\",\"type\":\"charge.succeeded\"}").getBytes(StandardCharsets.UTF_8);
        byte[] b = ("{\"id\":\"evt_B_" + RUN + "\",\"type\":\"charge.refunded\"}").getBytes(StandardCharsets.UTF_8);
        String sigA = stripe(a);
        assertThat(post("/hooks/stripe", "application/json", a, "Stripe-Signature", sigA).statusCode()).isEqualTo(202);
        // The replay claims to be event B, then to carry a fresh idempotency key: both are unsigned.
        HttpResponse<String> posing = post("/hooks/stripe", "application/json", a, "Stripe-Signature", sigA,
                "webhook-id", "evt_B_" + RUN);
        assertThat(posing.headers().firstValue("Junction-Duplicate")).contains("true");
        HttpResponse<String> fresh = post("/hooks/stripe", "application/json", a, "Stripe-Signature", sigA,
                "Idempotency-Key", "x-" + UUID.randomUUID());
        assertThat(fresh.headers().firstValue("Junction-Duplicate")).contains("true");
        // Event B itself, when it really comes, is published.
        HttpResponse<String> realB = post("/hooks/stripe", "application/json", b, "Stripe-Signature", stripe(b));
        assertThat(realB.statusCode()).isEqualTo(202);
        assertThat(realB.headers().firstValue("Junction-Duplicate")).isEmpty();
        List<ConsumerRecord<byte[], byte[]>> out = Kafka.read(topic("stripe"), 3, Duration.ofSeconds(10));
        assertThat(out).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly(
                new String(a, StandardCharsets.UTF_8), new String(b, StandardCharsets.UTF_8));

        // GitHub signs the body only: X-GitHub-Delivery is a label, the signed body is the delivery.
        byte[] push = ("{\"ref\":\"refs/heads/main\",\"after\":\"" + RUN + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(post("/hooks/gh", "application/json", push, "X-Hub-Signature-256", github(push),
                "X-GitHub-Delivery", "d1-" + RUN).statusCode()).isEqualTo(202);
        HttpResponse<String> replay = post("/hooks/gh", "application/json", push, "X-Hub-Signature-256", github(push),
                "X-GitHub-Delivery", "d2-" + RUN);
        assertThat(replay.headers().firstValue("Junction-Duplicate")).contains("true");
    }

    /** D5: which copy of a repeated header is verified and which is published must never differ. */
    @Test
    void aRepeatedSecurityHeaderIsRefused() throws Exception {
        byte[] body = "{\"type\":\"twice\"}".getBytes(StandardCharsets.UTF_8);
        String id = "msg_twice_" + RUN;
        long now = Instant.now().getEpochSecond();
        String sig = StandardWebhooks.sign(StandardWebhooks.secretKey(SW_SECRET), id, now, body);
        HttpResponse<String> r = post("/hooks/sw", "application/json", body, "webhook-id", id, "webhook-id",
                "msg_other_" + RUN, "webhook-timestamp", Long.toString(now), "webhook-signature", sig);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("webhook-id").contains("more than once");
        assertThat(Kafka.read(topic("sw"), 10, Duration.ofSeconds(3))).noneMatch(
                rec -> new String(rec.value(), StandardCharsets.UTF_8).contains("twice"));
    }

    /** D6: over HTTP a CloudEvent is the ce- headers, validated; ce_ headers are not attributes and do not pass. */
    @Test
    void underscoreCloudEventHeadersFromHttpAreDropped() throws Exception {
        byte[] body = ("{\"forged\":\"" + RUN + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post("/hooks/ce", "application/json", body, "ce_specversion", "1.0", "ce_id",
                "forged-" + RUN, "ce_source", "/nowhere", "ce_type", "com.example.forged");
        assertThat(r.statusCode()).isEqualTo(202);
        ConsumerRecord<byte[], byte[]> rec = Kafka.read(topic("ce"), 10, Duration.ofSeconds(10)).stream()
                .filter(x -> new String(x.value(), StandardCharsets.UTF_8).contains(RUN)).findFirst().orElseThrow();
        assertThat(Kafka.header(rec, "ce_id")).isNull();
        assertThat(Kafka.header(rec, "ce_type")).isNull();
        assertThat(Kafka.header(rec, "ce_specversion")).isNull();
    }

    /** D7: a body under the ingress limit that Kafka cannot take is 413, and nothing is dead-lettered. */
    @Test
    void aBodyTheSinkCannotTakeIs413AndLeavesNoDeadLetterTopic() throws Exception {
        byte[] body = new byte[1024 * 1024 - 1];
        java.util.Arrays.fill(body, (byte) 'a');
        HttpResponse<String> r = post("/hooks/big", "application/json", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(r.body()).contains("too large");
        assertThat(Kafka.endOffset(topic("big"), 1)).isZero();
        assertThat(Kafka.topicExists("big-" + RUN + ".dlq")).isFalse();
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }
}
