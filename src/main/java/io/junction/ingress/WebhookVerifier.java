package io.junction.ingress;

import java.time.Instant;
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
}
