package io.junction.connectors.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Stripe: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=...]}, where v1 is the HMAC-SHA256 of
 * {@code t.body} with the endpoint secret. Only v1 counts (v0 is a test-mode scheme); several v1 values appear while
 * Stripe rolls a secret; the timestamp must be within the tolerance.
 */
public final class StripeVerifier implements WebhookVerifier {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final List<byte[]> secrets;
    private final Duration tolerance;

    public StripeVerifier(List<String> secrets, Duration tolerance) {
        this.secrets = secrets.stream().map(Signatures::utf8).toList();
        this.tolerance = tolerance;
    }

    @Override
    public Verification verify(Function<String, String> header, byte[] body, Instant now) {
        String value = header.apply("Stripe-Signature");
        if (value == null) {
            return Verification.fail("missing Stripe-Signature");
        }
        String t = null;
        List<String> v1 = new ArrayList<>();
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String k = part.substring(0, eq).trim();
            String v = part.substring(eq + 1).trim();
            if (k.equals("t")) {
                t = v;
            } else if (k.equals("v1")) {
                v1.add(v);
            }
        }
        if (t == null || v1.isEmpty()) {
            return Verification.fail("malformed Stripe-Signature");
        }
        long ts;
        try {
            ts = Long.parseLong(t);
        } catch (NumberFormatException e) {
            return Verification.fail("malformed Stripe-Signature");
        }
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) {
            return Verification.fail("timestamp outside tolerance");
        }
        byte[] signed = Signatures.utf8(t + ".");
        boolean match = false;
        for (byte[] secret : secrets) {
            byte[] expected = Signatures.hmac("HmacSHA256", secret, signed, body);
            for (String sig : v1) {
                match |= Signatures.equalsHex(expected, sig);
            }
        }
        return match ? Verification.OK : Verification.fail("signature mismatch");
    }

    @Override
    public List<String> headers() {
        return List.of("Stripe-Signature");
    }

    /** The event id inside the signed body (Stripe redelivers the same event with the same id). */
    @Override
    public java.util.Optional<String> signedDeliveryId(Function<String, String> header, byte[] body) {
        try {
            com.fasterxml.jackson.databind.JsonNode id = JSON.readTree(body).get("id");
            if (id != null && id.isTextual() && !id.asText().isBlank()) {
                return java.util.Optional.of(id.asText());
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON: the body itself identifies it
        }
        return java.util.Optional.of(WebhookVerifier.bodyId(body));
    }
}
