package io.junction.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.deadletter.RetryClassifier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class JsonMaskTest {

    private static final CamelContext CAMEL = new DefaultCamelContext();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("another 16 bytes".getBytes());
    private static final String ORDER = """
            {"id":7,"customer":{"email":"ana@example.com","name":"Ana","address":{"city":"Porto"}},
             "total":12.50,"items":[{"sku":"a","card":"4111111111111111"},{"sku":"b","card":"5500005555555559"}]}""";

    @AfterAll
    static void close() throws Exception {
        CAMEL.close();
    }

    private static JsonMask mask(String kind, String paths, String key) {
        JsonMask m = new JsonMask();
        switch (kind) {
            case "redact" -> m.setRedact(paths);
            case "hash" -> {
                m.setHash(paths);
                m.setHashKey(key);
            }
            case "encrypt" -> {
                m.setEncrypt(paths);
                m.setEncryptionKey(key);
            }
            case "decrypt" -> {
                m.setDecrypt(paths);
                m.setEncryptionKey(key);
            }
            default -> throw new IllegalArgumentException(kind);
        }
        m.start();
        return m;
    }

    /** The body after the processor ran; the input arrives as bytes, as from Kafka or HTTP. */
    private static String run(JsonMask m, String body) throws Exception {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getIn().setBody(body.getBytes(StandardCharsets.UTF_8));
        exchange.getIn().setHeader("correlation-id", "c-1");
        m.process(exchange);
        assertThat(exchange.getIn().getHeader("correlation-id")).isEqualTo("c-1");
        return exchange.getIn().getBody(String.class);
    }

    private static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void redactReplacesEveryMatchAndLeavesTheRest() throws Exception {
        JsonNode out = tree(run(mask("redact", "$.customer.email, $.items[*].card", null), ORDER));
        assertThat(out.at("/customer/email").asText()).isEqualTo("[REDACTED]");
        assertThat(out.at("/items/0/card").asText()).isEqualTo("[REDACTED]");
        assertThat(out.at("/items/1/card").asText()).isEqualTo("[REDACTED]");
        assertThat(out.at("/items/1/sku").asText()).isEqualTo("b");
        assertThat(out.at("/customer/name").asText()).isEqualTo("Ana");
        // A decimal elsewhere in the event keeps its written form.
        assertThat(run(mask("redact", "$.id", null), ORDER)).contains("\"total\":12.50");
    }

    /**
     * The ninth probe (Medium): a structured CloudEvent's top-level field becomes a {@code ce_} header at the ingress
     * (and a binary-mode sender writes {@code ce-} headers itself); the body's field was masked, the header not.
     */
    @Test
    void aProtectedTopLevelFieldIsProtectedInItsCloudEventHeaderToo() throws Exception {
        for (String kind : new String[] { "redact", "hash" }) {
            Exchange exchange = new DefaultExchange(CAMEL);
            exchange.getIn().setBody("{\"ssn\":\"888-88-8888\",\"customer\":{\"ssn\":\"1\"}}");
            exchange.getIn().setHeader("ce_ssn", "777-77-7777");
            exchange.getIn().setHeader("Ce-Ssn", "111-22-3333");
            exchange.getIn().setHeader("ce_ssnx", "kept");
            exchange.getIn().setHeader("ssn", "kept: not a CloudEvent attribute");
            mask(kind, "$.ssn", "k1-secret").process(exchange);
            for (String header : new String[] { "ce_ssn", "Ce-Ssn" }) {
                assertThat(exchange.getIn().getHeader(header, String.class)).as(kind + " " + header)
                        .doesNotContain("777").doesNotContain("111-22")
                        .matches("redact".equals(kind) ? "\\[REDACTED]" : "hmac-sha256:[0-9a-f]{64}");
            }
            assertThat(exchange.getIn().getHeader("ce_ssnx")).isEqualTo("kept");
            assertThat(exchange.getIn().getHeader("ssn", String.class)).startsWith("kept");
        }
        Exchange nested = new DefaultExchange(CAMEL);
        nested.getIn().setBody("{\"customer\":{\"ssn\":\"1\"}}");
        nested.getIn().setHeader("ce_ssn", "kept: the path names a nested field, not the attribute");
        mask("redact", "$.customer.ssn", null).process(nested);
        assertThat(nested.getIn().getHeader("ce_ssn", String.class)).startsWith("kept");
    }

    @Test
    void hashIsAKeyedDeterministicHmac() throws Exception {
        String first = tree(run(mask("hash", "$.customer.email", "k1-secret"), ORDER)).at("/customer/email").asText();
        String again = tree(run(mask("hash", "$.customer.email", "k1-secret"), ORDER)).at("/customer/email").asText();
        String otherKey = tree(run(mask("hash", "$.customer.email", "k2-secret"), ORDER)).at("/customer/email").asText();

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("k1-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal("ana@example.com".getBytes(StandardCharsets.UTF_8)));
        assertThat(first).isEqualTo(expected).isEqualTo(again).isNotEqualTo(otherKey).doesNotContain("ana");

        // A non-string is hashed as its JSON text.
        String id = tree(run(mask("hash", "$.id", "k1-secret"), ORDER)).at("/id").asText();
        assertThat(id).isEqualTo("hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal("7".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void encryptThenDecryptRestoresStringsNumbersObjectsAndArrayElements() throws Exception {
        String paths = "$.customer.email,$.id,$.total,$.customer.address,$.items[*].card";
        String encrypted = run(mask("encrypt", paths, KEY), ORDER);
        JsonNode enc = tree(encrypted);
        for (String pointer : new String[] { "/customer/email", "/id", "/total", "/customer/address", "/items/0/card",
                "/items/1/card" }) {
            assertThat(enc.at(pointer).isTextual()).as(pointer).isTrue();
            assertThat(enc.at(pointer).asText()).as(pointer).startsWith("enc:v1:").doesNotContain("=");
        }
        assertThat(encrypted).doesNotContain("ana@example.com", "Porto", "4111111111111111");

        String decrypted = run(mask("decrypt", paths, KEY), encrypted);
        assertThat(tree(decrypted)).isEqualTo(tree(ORDER));
        assertThat(decrypted).contains("\"total\":12.50");
        assertThat(tree(decrypted).at("/id").isInt()).isTrue();

        // Decrypting again changes nothing: plain values are left alone.
        assertThat(run(mask("decrypt", paths, KEY), decrypted)).isEqualTo(decrypted);
    }

    @Test
    void twoEncryptionsOfOneValueDiffer() throws Exception {
        JsonMask m = mask("encrypt", "$.customer.email", KEY);
        String a = tree(run(m, ORDER)).at("/customer/email").asText();
        String b = tree(run(m, ORDER)).at("/customer/email").asText();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void aTamperedCiphertextFailsNamingThePath() throws Exception {
        String encrypted = run(mask("encrypt", "$.customer.email", KEY), ORDER);
        String value = tree(encrypted).at("/customer/email").asText();
        byte[] raw = Base64.getUrlDecoder().decode(value.substring("enc:v1:".length()));
        raw[raw.length - 1] ^= 1;
        String tampered = encrypted.replace(value, "enc:v1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw));

        assertThatThrownBy(() -> run(mask("decrypt", "$.customer.email", KEY), tampered))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.customer.email").hasMessageContaining("authentication failed")
                .satisfies(e -> assertThat(RetryClassifier.classify(e)).isEqualTo(RetryClassifier.Verdict.FATAL));
        assertThatThrownBy(() -> run(mask("decrypt", "$.customer.email", OTHER_KEY), encrypted))
                .hasMessageContaining("$.customer.email").hasMessageContaining("authentication failed")
                .hasMessageNotContaining(OTHER_KEY);
    }

    @Test
    void aCiphertextMovedToAnotherFieldDoesNotDecrypt() throws Exception {
        String encrypted = run(mask("encrypt", "$.customer.email", KEY), ORDER);
        String value = tree(encrypted).at("/customer/email").asText();
        String moved = encrypted.replace("\"Ana\"", "\"" + value + "\"");

        assertThatThrownBy(() -> run(mask("decrypt", "$.customer.name", KEY), moved))
                .hasMessageContaining("$.customer.name").hasMessageContaining("authentication failed");
        // The same field spelled in bracket notation is the same field.
        assertThat(tree(run(mask("decrypt", "$['customer']['email']", KEY), encrypted)).at("/customer/email").asText())
                .isEqualTo("ana@example.com");
    }

    @Test
    void aBodyThatIsNotJsonIsAFatalFailure() {
        for (String body : new String[] { "ssnSECRET123 not json", "", "{\"a\":1} ssnSECRET123", "{\"a\":\"ssnSECRET123" }) {
            assertThatThrownBy(() -> run(mask("redact", "$.a", null), body)).as(body)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("mask-action: the event is not JSON: ")
                    .satisfies(e -> assertThat(RetryClassifier.classify(e)).isEqualTo(RetryClassifier.Verdict.FATAL))
                    // Round 4: nothing of the event, in the message or a cause (logs print causes).
                    .satisfies(e -> assertThat(org.apache.commons.lang3.exception.ExceptionUtils.getStackTrace(e))
                            .doesNotContain("SECRET"));
        }
    }

    @Test
    void configurationErrorsNameTheParameterAndNeverTheKey() {
        assertThatThrownBy(() -> mask("hash", "$.a", null)).hasMessageContaining("hashKey");
        assertThatThrownBy(() -> mask("encrypt", "$.a", null)).hasMessageContaining("encryptionKey");
        assertThatThrownBy(() -> mask("decrypt", "$.a", "  ")).hasMessageContaining("encryptionKey");
        String tooShort = Base64.getEncoder().encodeToString("short-key".getBytes());
        assertThatThrownBy(() -> mask("encrypt", "$.a", tooShort))
                .hasMessageContaining("encryptionKey").hasMessageContaining("9 bytes").hasMessageNotContaining(tooShort);
        assertThatThrownBy(() -> mask("encrypt", "$.a", "not*base64!key"))
                .hasMessageContaining("encryptionKey").hasMessageNotContaining("not*base64!key")
                .hasMessageNotContaining("*");
        assertThatThrownBy(() -> mask("redact", "$.items[*", null)).hasMessageContaining("redact");
        assertThatThrownBy(() -> mask("redact", "$", null)).hasMessageContaining("redact");
        assertThatThrownBy(() -> new JsonMask().start()).hasMessageContaining("nothing to do");
    }

    @Test
    void pathsThatMatchNothingLeaveTheEventEqual() throws Exception {
        String out = run(mask("redact", "$.nothing, $.customer.phone, $.items[*].cvv, $.missing.deep.field", null), ORDER);
        assertThat(tree(out)).isEqualTo(tree(ORDER));
        assertThat(out).contains("\"total\":12.50");
    }

    /** Through the connector itself: Camel drops an endpoint parameter named "hash", so it is hashPaths. */
    @Test
    void theConnectorPassesEveryParameterToTheBean() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getComponent("kamelet", KameletComponent.class).setLocation("file:connectors");
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:mask").to("kamelet:mask-action?redact=$.customer.name&hashPaths=$.customer.email"
                            + "&hashKey=k1-secret&encrypt=$.items[*].card&encryptionKey=RAW(" + KEY + ")");
                }
            });
            camel.start();
            JsonNode out = tree(camel.createProducerTemplate().requestBody("direct:mask", ORDER, String.class));
            assertThat(out.at("/customer/name").asText()).isEqualTo("[REDACTED]");
            assertThat(out.at("/customer/email").asText()).startsWith("hmac-sha256:");
            assertThat(out.at("/items/1/card").asText()).startsWith("enc:v1:");
        }
    }
    /** M2: a top-level array is masked element by element, as if each element were the event. */
    @Test
    void rootPathsApplyToEveryElementOfATopLevelArray() throws Exception {
        String batch = "[{\"ssn\":\"123-45-6789\",\"n\":1},{\"ssn\":\"987-65-4321\",\"n\":2},\"plain\"]";
        JsonNode redacted = tree(run(mask("redact", "$.ssn", null), batch));
        assertThat(redacted.at("/0/ssn").asText()).isEqualTo("[REDACTED]");
        assertThat(redacted.at("/1/ssn").asText()).isEqualTo("[REDACTED]");
        assertThat(redacted.at("/1/n").asInt()).isEqualTo(2);
        assertThat(redacted.at("/2").asText()).isEqualTo("plain");
        assertThat(redacted.toString()).doesNotContain("123-45").doesNotContain("987-65");
        // A path that addresses the array itself keeps its meaning.
        JsonNode first = tree(run(mask("redact", "$[0].ssn", null), batch));
        assertThat(first.at("/0/ssn").asText()).isEqualTo("[REDACTED]");
        assertThat(first.at("/1/ssn").asText()).isEqualTo("987-65-4321");
        // Encrypted per element, decrypted per element.
        String encrypted = run(mask("encrypt", "$.ssn", KEY), batch);
        assertThat(encrypted).doesNotContain("123-45");
        assertThat(tree(run(mask("decrypt", "$.ssn", KEY), encrypted))).isEqualTo(tree(batch));
    }

    /** M2, round 4: a list where the path names a field, at any depth, does not hide the field. */
    @Test
    void aListCannotHideAFieldFromItsPath() throws Exception {
        JsonMask redact = mask("redact", "$.ssn, $.customer.phone, $.items[*].card", null);
        String nested = "[[{\"ssn\":\"123-45-6789\"}],[[{\"ssn\":\"987-65-4321\"}]],{\"ssn\":\"555-12-3456\"}]";
        assertThat(run(redact, nested)).doesNotContain("123-45").doesNotContain("987-65").doesNotContain("555-12")
                .isEqualTo("[[{\"ssn\":\"[REDACTED]\"}],[[{\"ssn\":\"[REDACTED]\"}]],{\"ssn\":\"[REDACTED]\"}]");
        String customers = "{\"customer\":[{\"phone\":\"+351 912\",\"name\":\"Ana\"},[{\"phone\":\"+351 913\"}]],"
                + "\"items\":[[{\"card\":\"4111111111111111\"}]]}";
        JsonNode out = tree(run(redact, customers));
        assertThat(out.toString()).doesNotContain("+351").doesNotContain("4111");
        assertThat(out.at("/customer/0/name").asText()).isEqualTo("Ana");
        assertThat(out.at("/customer/1/0/phone").asText()).isEqualTo("[REDACTED]");
        // The mirror case (second probe): one object where the path expects a list.
        String single = "{\"items\":{\"card\":\"4111111111111111\",\"sku\":\"a\"},\"customer\":{\"phone\":\"+351 914\"}}";
        JsonNode one = tree(run(mask("redact", "$.items[*].card, $.items[0].card", null), single));
        assertThat(one.toString()).doesNotContain("4111");
        assertThat(one.at("/items/sku").asText()).isEqualTo("a");
        // Encrypted through the lists, and decrypted back to the event as it was.
        String encrypted = run(mask("encrypt", "$.customer.phone", KEY), customers);
        assertThat(encrypted).doesNotContain("+351");
        assertThat(tree(run(mask("decrypt", "$.customer.phone", KEY), encrypted))).isEqualTo(tree(customers));
    }

    /** Masking twice (a replayed dead letter passes the route's mask again) gives what masking once gave. */
    @Test
    void maskingAMaskedEventChangesNothing() throws Exception {
        JsonMask hash = mask("hash", "$.customer.email", "k1-secret");
        String once = run(hash, ORDER);
        assertThat(run(hash, once)).isEqualTo(once);
        JsonMask encrypt = mask("encrypt", "$.items[*].card", KEY);
        String sealed = run(encrypt, ORDER);
        assertThat(run(encrypt, sealed)).isEqualTo(sealed);
        assertThat(tree(run(mask("decrypt", "$.items[*].card", KEY), sealed))).isEqualTo(tree(ORDER));
    }

    /** M2: the dead letter of an event that passed a mask is the original, masked; decrypting is never replayed. */
    @Test
    void aDeadLetterIsMaskedAsTheRouteMaskedAndNeverDecrypted() throws Exception {
        Exchange exchange = new DefaultExchange(CAMEL);
        assertThat(JsonMask.protectDeadLetter(exchange, ORDER)).as("no mask passed: nothing to do").isNull();

        String sealed = run(mask("encrypt", "$.customer.name", KEY), ORDER);
        exchange.getIn().setBody(sealed);
        mask("decrypt", "$.customer.name", KEY).process(exchange);
        mask("redact", "$.customer.email", null).process(exchange);
        JsonMask hash = mask("hash", "$.items[*].card", "k1-secret");
        hash.process(exchange);
        hash.process(exchange); // a redelivery of the same step
        assertThat(exchange.getProperty(JsonMask.APPLIED, java.util.List.class)).hasSize(2);

        JsonNode letter = tree(JsonMask.protectDeadLetter(exchange, sealed));
        assertThat(letter.at("/customer/email").asText()).isEqualTo("[REDACTED]");
        assertThat(letter.at("/items/0/card").asText()).startsWith("hmac-sha256:");
        assertThat(letter.at("/customer/name").asText()).as("still encrypted").startsWith("enc:v1:");
        assertThat(letter.toString()).doesNotContain("ana@example.com").doesNotContain("4111111111111111");
        assertThatThrownBy(() -> JsonMask.protectDeadLetter(exchange, "not json 123-45-6789"))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("123-45");
    }

    /** A mask step that fails (the event is not JSON) still marks the event: its dead letter is withheld. */
    @Test
    void anEventTheMaskCannotReadIsWithheldFromItsDeadLetter() {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getIn().setBody("ssn 123-45-6789");
        assertThatThrownBy(() -> mask("redact", "$.ssn", null).process(exchange));
        assertThatThrownBy(() -> JsonMask.protectDeadLetter(exchange, "ssn 123-45-6789"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
    }

    /** The original is masked only when the route did not change the event before its mask. */
    @Test
    void anEventChangedBeforeItsMaskIsWithheldFromItsDeadLetter() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.setAllowUseOriginalMessage(true);
            camel.start();
            Exchange exchange = new DefaultExchange(camel);
            exchange.getIn().setBody("{\"data\":{\"ssn\":\"123-45-6789\"}}");
            exchange.getExchangeExtension().setUnitOfWork(new org.apache.camel.impl.engine.DefaultUnitOfWork(exchange));
            exchange.getIn().setBody("{\"ssn\":\"123-45-6789\"}"); // a transform (jq .data) ran first
            mask("redact", "$.ssn", null).process(exchange);
            assertThat(exchange.getIn().getBody(String.class)).doesNotContain("123-45");
            assertThatThrownBy(() -> JsonMask.protectDeadLetter(exchange, "{\"data\":{\"ssn\":\"123-45-6789\"}}"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changed the event");
        }
    }

    /** Only what hashing or encrypting made is left alone: a value that merely starts with the prefix is masked. */
    @Test
    void aValueDressedAsMaskedIsMaskedAnyway() throws Exception {
        JsonNode hashed = tree(run(mask("hash", "$.ssn", "k1-secret"), "{\"ssn\":\"hmac-sha256:123-45-6789\"}"));
        assertThat(hashed.at("/ssn").asText()).matches("hmac-sha256:[0-9a-f]{64}");
        String sealed = run(mask("encrypt", "$.card", KEY), "{\"card\":\"enc:v1:4111111111111111\"}");
        assertThat(sealed).doesNotContain("4111111111111111");
        assertThat(tree(run(mask("decrypt", "$.card", KEY), sealed)).at("/card").asText())
                .isEqualTo("enc:v1:4111111111111111");
        // Encrypted for another field, a ciphertext is not "already encrypted" here either.
        String other = tree(run(mask("encrypt", "$.other", KEY), "{\"other\":\"x\"}")).at("/other").asText();
        String moved = run(mask("encrypt", "$.card", KEY), "{\"card\":\"" + other + "\"}");
        assertThat(tree(moved).at("/card").asText()).isNotEqualTo(other).startsWith("enc:v1:");
    }
}
