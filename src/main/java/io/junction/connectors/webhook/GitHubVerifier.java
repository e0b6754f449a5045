package io.junction.connectors.webhook;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}. */
public final class GitHubVerifier implements WebhookVerifier {

    private final List<byte[]> secrets;

    public GitHubVerifier(List<String> secrets) {
        this.secrets = secrets.stream().map(Signatures::utf8).toList();
    }

    @Override
    public Verification verify(Function<String, String> header, byte[] body, Instant now) {
        String sig = header.apply("X-Hub-Signature-256");
        if (sig == null) {
            return Verification.fail("missing X-Hub-Signature-256");
        }
        if (!sig.startsWith("sha256=")) {
            return Verification.fail("malformed X-Hub-Signature-256");
        }
        String hex = sig.substring("sha256=".length());
        boolean match = false;
        for (byte[] secret : secrets) {
            // Every secret is checked, so timing does not tell which one matched.
            match |= Signatures.equalsHex(Signatures.hmac("HmacSHA256", secret, body), hex);
        }
        return match ? Verification.OK : Verification.fail("signature mismatch");
    }

    @Override
    public List<String> headers() {
        return List.of("X-Hub-Signature-256");
    }

    /** X-GitHub-Delivery is not signed: a redelivery is the same signed body. */
    @Override
    public java.util.Optional<String> signedDeliveryId(Function<String, String> header, byte[] body) {
        return java.util.Optional.of(WebhookVerifier.bodyId(body));
    }
}
