package io.junction.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** The verifiers on the published test vectors, and the ways a request must fail. */
class VerifiersTest {

    static Function<String, String> headers(String... kv) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m::get;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // GitHub's documentation example.
    static final String GH_SECRET = "It's a Secret to Everybody";
    static final String GH_SIG = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void githubDocumentationVector() {
        GitHubVerifier v = new GitHubVerifier(List.of(GH_SECRET));
        Instant now = Instant.now();
        assertThat(v.verify(headers("X-Hub-Signature-256", GH_SIG), utf8("Hello, World!"), now).ok()).isTrue();
        assertThat(v.verify(headers("x-hub-signature-256", GH_SIG.toUpperCase().replace("SHA256=", "sha256=")),
                utf8("Hello, World!"), now).ok()).as("hex case does not matter").isTrue();
        assertThat(v.verify(headers("X-Hub-Signature-256", GH_SIG), utf8("Hello, World?"), now).reason())
                .isEqualTo("signature mismatch");
        assertThat(v.verify(headers(), utf8("Hello, World!"), now).reason()).isEqualTo("missing X-Hub-Signature-256");
        // Rotation: the old secret and the new one are both accepted.
        assertThat(new GitHubVerifier(List.of("new secret", GH_SECRET))
                .verify(headers("X-Hub-Signature-256", GH_SIG), utf8("Hello, World!"), now).ok()).isTrue();
    }

    // The Standard Webhooks libraries' test vector.
    static final String SW_KEY = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String SW_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final String SW_TS = "1614265330";
    static final String SW_BODY = "{\"test\": 2432232314}";
    static final String SW_SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    static final Instant SW_NOW = Instant.ofEpochSecond(1614265330 + 10);

    @Test
    void standardWebhooksLibraryVector() {
        StandardWebhooksVerifier v = new StandardWebhooksVerifier(List.of(SW_KEY), Duration.ofMinutes(5));
        assertThat(v.verify(headers("webhook-id", SW_ID, "webhook-timestamp", SW_TS, "webhook-signature", SW_SIG),
                utf8(SW_BODY), SW_NOW).ok()).isTrue();
        assertThat(io.junction.webhooks.StandardWebhooks.sign(io.junction.webhooks.StandardWebhooks.secretKey(SW_KEY),
                SW_ID, Long.parseLong(SW_TS), utf8(SW_BODY))).isEqualTo(SW_SIG);
    }

    @Test
    void standardWebhooksNegativeCases() {
        StandardWebhooksVerifier v = new StandardWebhooksVerifier(List.of(SW_KEY), Duration.ofMinutes(5));
        byte[] body = utf8(SW_BODY);
        assertThat(v.verify(headers("webhook-id", SW_ID, "webhook-timestamp", SW_TS), body, SW_NOW).reason())
                .startsWith("missing");
        assertThat(v.verify(headers("webhook-id", SW_ID, "webhook-timestamp", SW_TS, "webhook-signature",
                "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="), body, SW_NOW).reason()).isEqualTo("signature mismatch");
        assertThat(v.verify(headers("webhook-id", SW_ID, "webhook-timestamp", SW_TS, "webhook-signature", SW_SIG),
                body, SW_NOW.plus(Duration.ofMinutes(6))).reason()).isEqualTo("timestamp outside tolerance");
        assertThat(v.verify(headers("webhook-id", SW_ID, "webhook-timestamp", SW_TS, "webhook-signature", SW_SIG),
                body, SW_NOW.minus(Duration.ofMinutes(6))).reason()).isEqualTo("timestamp outside tolerance");
        // One valid entry among several (a sender rotating its secret) is enough.
        assertThat(v.verify(headers("webhook-id", SW_ID, "webhook-timestamp", SW_TS, "webhook-signature",
                "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc " + SW_SIG), body, SW_NOW).ok()).isTrue();
        // The id and timestamp are signed too.
        assertThat(v.verify(headers("webhook-id", "msg_other", "webhook-timestamp", SW_TS, "webhook-signature", SW_SIG),
                body, SW_NOW).ok()).isFalse();
    }

    @Test
    void standardWebhooksAsymmetricEd25519() throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] der = kp.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(der, der.length - 32, der.length);
        String whpk = "whpk_" + Base64.getEncoder().encodeToString(raw);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(kp.getPrivate());
        s.update(utf8(SW_ID + "." + SW_TS + "." + SW_BODY));
        String sig = "v1a," + Base64.getEncoder().encodeToString(s.sign());
        StandardWebhooksVerifier v = new StandardWebhooksVerifier(List.of(SW_KEY, whpk), Duration.ofMinutes(5));
        assertThat(v.verify(headers("webhook-id", SW_ID, "webhook-timestamp", SW_TS, "webhook-signature", sig),
                utf8(SW_BODY), SW_NOW).ok()).isTrue();
        assertThat(v.verify(headers("webhook-id", SW_ID, "webhook-timestamp", SW_TS, "webhook-signature", sig),
                utf8(SW_BODY + " "), SW_NOW).ok()).isFalse();
    }

    static String stripeV1(String secret, long t, String body) {
        return HexFormat.of().formatHex(Signatures.hmac("HmacSHA256", utf8(secret), utf8(t + "."), utf8(body)));
    }

    @Test
    void stripeCountsOnlyV1AcceptsAnyOfSeveralAndChecksTheTimestamp() {
        String secret = "whsec_stripe_test";
        String body = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}";
        long t = 1_700_000_000L;
        Instant now = Instant.ofEpochSecond(t + 30);
        StripeVerifier v = new StripeVerifier(List.of(secret), Duration.ofSeconds(300));
        String good = stripeV1(secret, t, body);
        String other = stripeV1("an old secret", t, body);
        assertThat(v.verify(headers("Stripe-Signature", "t=" + t + ",v1=" + other + ",v1=" + good + ",v0=" + other),
                utf8(body), now).ok()).isTrue();
        // A correct signature under v0 does not count.
        assertThat(v.verify(headers("Stripe-Signature", "t=" + t + ",v0=" + good), utf8(body), now).reason())
                .isEqualTo("malformed Stripe-Signature");
        assertThat(v.verify(headers("Stripe-Signature", "t=" + t + ",v1=" + other), utf8(body), now).reason())
                .isEqualTo("signature mismatch");
        assertThat(v.verify(headers("Stripe-Signature", "t=" + t + ",v1=" + good), utf8(body), now.plusSeconds(400))
                .reason()).isEqualTo("timestamp outside tolerance");
        assertThat(v.verify(headers(), utf8(body), now).reason()).isEqualTo("missing Stripe-Signature");
    }

    @Test
    void genericHmacAndTokens() {
        String body = "payload";
        String b64 = Base64.getEncoder().encodeToString(Signatures.hmac("HmacSHA512", utf8("k"), utf8(body)));
        HmacVerifier hmac = new HmacVerifier("X-Signature", "sha512", "base64", "sha512=", List.of("k"));
        assertThat(hmac.verify(headers("X-Signature", "sha512=" + b64), utf8(body), Instant.now()).ok()).isTrue();
        assertThat(hmac.verify(headers("X-Signature", b64), utf8(body), Instant.now()).ok()).isFalse();
        TokenVerifier bearer = TokenVerifier.bearer(List.of("t0k3n"));
        assertThat(bearer.verify(headers("Authorization", "Bearer t0k3n"), new byte[0], Instant.now()).ok()).isTrue();
        assertThat(bearer.verify(headers("Authorization", "Bearer t0k3"), new byte[0], Instant.now()).ok()).isFalse();
        TokenVerifier key = TokenVerifier.apiKey("X-Api-Key", List.of("a", "b"));
        assertThat(key.verify(headers("x-api-key", "b"), new byte[0], Instant.now()).ok()).isTrue();
        assertThat(key.verify(headers(), new byte[0], Instant.now()).reason()).isEqualTo("missing X-Api-Key");
    }
}
