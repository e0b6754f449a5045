package io.junction.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.junction.headers.HeaderPolicy;

/**
 * Fuzz tests of what parses untrusted bytes at the ingress: the signature verifiers, the CloudEvents reader and the
 * header policy. No input may crash them or raise an exception other than the documented ones. A normal build runs
 * the seed inputs (Jazzer's regression mode); {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=IngressFuzzTest} fuzzes
 * (docs/security.md).
 */
class IngressFuzzTest {

    private static final List<WebhookVerifier> VERIFIERS = List.of(new GitHubVerifier(List.of("secret")),
            new StripeVerifier(List.of("whsec_secret"), Duration.ofMinutes(5)),
            new StandardWebhooksVerifier(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), Duration.ofMinutes(5)),
            new HmacVerifier("X-Signature", "sha256", "hex", "sha256=", List.of("secret")),
            TokenVerifier.apiKey("X-Api-Key", List.of("key")), TokenVerifier.bearer(List.of("token")));

    @FuzzTest(maxDuration = "15s")
    void verifiersAnswerEveryRequestWithoutThrowing(FuzzedDataProvider data) {
        Map<String, String> headers = new HashMap<>();
        for (String name : List.of("X-Hub-Signature-256", "Stripe-Signature", "webhook-id", "webhook-timestamp",
                "webhook-signature", "X-Signature", "X-Api-Key", "Authorization")) {
            if (data.consumeBoolean()) {
                headers.put(name.toLowerCase(Locale.ROOT), data.consumeString(200));
            }
        }
        byte[] body = data.consumeRemainingAsBytes();
        for (WebhookVerifier v : VERIFIERS) {
            Verification result = v.verify(n -> headers.get(n.toLowerCase(Locale.ROOT)), body, Instant.now());
            assertThat(result).isNotNull();
            assertThat(v.signedDeliveryId(n -> headers.get(n.toLowerCase(Locale.ROOT)), body)).isNotNull();
        }
    }

    @FuzzTest(maxDuration = "15s")
    void theCloudEventsReaderRefusesOnlyWithItsOwnErrors(byte[] body) {
        try {
            CloudEvents.fromStructured(body);
        } catch (CloudEvents.Invalid | IllegalArgumentException expected) {
            // documented: an invalid event is answered 400
        }
    }

    @FuzzTest(maxDuration = "15s")
    void controlNamesNeverPassTheHeaderPolicy(String name) {
        if (name == null) {
            return; // no header on the wire has no name
        }
        HeaderPolicy policy = new HeaderPolicy(List.of("*"));
        String lower = name.toLowerCase(Locale.ROOT);
        // The prefixes Camel components act on (Camel* headers, org.apache.camel.* properties, kafka.* overrides).
        if (lower.startsWith("camel") || lower.startsWith("kafka.") || lower.startsWith("org.apache.camel.")) {
            assertThat(policy.allowsInbound(name)).as(name).isFalse();
        }
    }
}
