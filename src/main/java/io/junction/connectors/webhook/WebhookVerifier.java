package io.junction.connectors.webhook;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks that a webhook request comes from who it claims, over the raw body bytes exactly as received. Secrets
 * are compared in constant time; several may be active at once (rotation).
 */
public interface WebhookVerifier {

    /**
     * @param header a request header by name (case-insensitive), or null
     * @param body   the raw body bytes
     * @param now    the current time, for timestamp tolerance
     */
    Verification verify(Function<String, String> header, byte[] body, Instant now);

    /** The headers this verifier reads: each must come once (a repeated one is refused, 400). */
    List<String> headers();

    /**
     * The delivery's identity taken from what the signature covers, so that a captured request re-sent with other
     * unsigned headers is still recognised as the same delivery, and cannot pose as another one. Empty for
     * verifiers that sign nothing (API keys, bearer tokens), whose senders are trusted with their own id headers.
     */
    default Optional<String> signedDeliveryId(Function<String, String> header, byte[] body) {
        return Optional.empty();
    }

    /** An id for a signed body: its SHA-256, the same for a redelivery of the same bytes. */
    static String bodyId(byte[] body) {
        return "sha256:" + HexFormat.of().formatHex(Signatures.sha256(body));
    }
}
