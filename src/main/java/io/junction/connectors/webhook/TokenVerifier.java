package io.junction.connectors.webhook;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Senders that do not sign: an API key in a header, or {@code Authorization: Bearer <token>}. */
public final class TokenVerifier implements WebhookVerifier {

    private final String headerName;
    private final String scheme;
    private final List<byte[]> tokens;

    private TokenVerifier(String headerName, String scheme, List<String> tokens) {
        this.headerName = headerName;
        this.scheme = scheme;
        this.tokens = tokens.stream().map(Signatures::utf8).toList();
    }

    public static TokenVerifier apiKey(String headerName, List<String> keys) {
        return new TokenVerifier(headerName, "", keys);
    }

    public static TokenVerifier bearer(List<String> tokens) {
        return new TokenVerifier("Authorization", "Bearer ", tokens);
    }

    @Override
    public Verification verify(Function<String, String> header, byte[] body, Instant now) {
        String value = header.apply(headerName);
        if (value == null) {
            return Verification.fail("missing " + headerName);
        }
        if (!value.startsWith(scheme)) {
            return Verification.fail("malformed " + headerName);
        }
        byte[] given = Signatures.utf8(value.substring(scheme.length()).trim());
        boolean match = false;
        for (byte[] token : tokens) {
            match |= Signatures.equalsBytes(token, given);
        }
        return match ? Verification.OK : Verification.fail("wrong credentials");
    }

    @Override
    public List<String> headers() {
        return List.of(headerName);
    }
}
