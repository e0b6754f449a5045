package io.junction.connectors.webhook;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Any sender that signs the body with an HMAC in one header: the header name, the algorithm (sha1, sha256, sha512),
 * the encoding (hex or base64) and an optional prefix (e.g. {@code sha256=}) are configured per route.
 */
public final class HmacVerifier implements WebhookVerifier {

    private final String headerName;
    private final String algorithm;
    private final boolean base64;
    private final String prefix;
    private final List<byte[]> secrets;

    public HmacVerifier(String headerName, String algorithm, String encoding, String prefix, List<String> secrets) {
        this.headerName = headerName;
        this.algorithm = switch (algorithm.toLowerCase()) {
            case "sha1" -> "HmacSHA1";
            case "sha256" -> "HmacSHA256";
            case "sha512" -> "HmacSHA512";
            default -> throw new IllegalArgumentException("hmac algorithm must be sha1, sha256 or sha512, not " + algorithm);
        };
        this.base64 = switch (encoding.toLowerCase()) {
            case "hex" -> false;
            case "base64" -> true;
            default -> throw new IllegalArgumentException("hmac encoding must be hex or base64, not " + encoding);
        };
        this.prefix = prefix == null ? "" : prefix;
        this.secrets = secrets.stream().map(Signatures::utf8).toList();
    }

    @Override
    public Verification verify(Function<String, String> header, byte[] body, Instant now) {
        String value = header.apply(headerName);
        if (value == null) {
            return Verification.fail("missing " + headerName);
        }
        if (!value.startsWith(prefix)) {
            return Verification.fail("malformed " + headerName);
        }
        String sig = value.substring(prefix.length()).trim();
        boolean match = false;
        for (byte[] secret : secrets) {
            byte[] expected = Signatures.hmac(algorithm, secret, body);
            if (base64) {
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(sig);
                } catch (IllegalArgumentException e) {
                    return Verification.fail("malformed " + headerName);
                }
                match |= Signatures.equalsBytes(expected, given);
            } else {
                match |= Signatures.equalsHex(expected, sig);
            }
        }
        return match ? Verification.OK : Verification.fail("signature mismatch");
    }

    @Override
    public List<String> headers() {
        return List.of(headerName);
    }

    /** Only the body is signed: a redelivery is the same signed body. */
    @Override
    public java.util.Optional<String> signedDeliveryId(Function<String, String> header, byte[] body) {
        return java.util.Optional.of(WebhookVerifier.bodyId(body));
    }
}
