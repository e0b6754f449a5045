package io.junction.connectors.webhook;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import io.junction.webhooks.StandardWebhooks;

/**
 * Standard Webhooks (standardwebhooks.com): {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature}, a space-separated list of {@code v1,<base64 HMAC-SHA256>} (symmetric, {@code whsec_}
 * secrets) and {@code v1a,<base64 ed25519>} (asymmetric, {@code whpk_} public keys) over {@code id.timestamp.body}.
 * One valid entry is enough; the timestamp must be within the tolerance (5 minutes by the specification).
 */
public final class StandardWebhooksVerifier implements WebhookVerifier {

    /** DER prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key. */
    private static final byte[] ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final List<byte[]> symmetric = new ArrayList<>();
    private final List<PublicKey> asymmetric = new ArrayList<>();
    private final Duration tolerance;

    public StandardWebhooksVerifier(List<String> secrets, Duration tolerance) {
        this.tolerance = tolerance;
        for (String s : secrets) {
            if (s.startsWith("whpk_")) {
                asymmetric.add(ed25519(Base64.getDecoder().decode(s.substring(5))));
            } else {
                symmetric.add(StandardWebhooks.secretKey(s));
            }
        }
    }

    private static PublicKey ed25519(byte[] raw) {
        try {
            byte[] der = new byte[ED25519_PREFIX.length + raw.length];
            System.arraycopy(ED25519_PREFIX, 0, der, 0, ED25519_PREFIX.length);
            System.arraycopy(raw, 0, der, ED25519_PREFIX.length, raw.length);
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (Exception e) {
            throw new IllegalArgumentException("a whpk_ key is base64 of a raw 32-byte Ed25519 public key", e);
        }
    }

    @Override
    public Verification verify(Function<String, String> header, byte[] body, Instant now) {
        String id = header.apply(StandardWebhooks.ID);
        String ts = header.apply(StandardWebhooks.TIMESTAMP);
        String sigs = header.apply(StandardWebhooks.SIGNATURE);
        if (id == null || ts == null || sigs == null) {
            return Verification.fail("missing webhook-id, webhook-timestamp or webhook-signature");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(ts.trim());
        } catch (NumberFormatException e) {
            return Verification.fail("malformed webhook-timestamp");
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return Verification.fail("timestamp outside tolerance");
        }
        byte[] signed = concat(Signatures.utf8(id + "." + timestamp + "."), body);
        boolean match = false;
        for (String entry : sigs.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0) {
                continue;
            }
            String version = entry.substring(0, comma);
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (version.equals("v1")) {
                for (byte[] key : symmetric) {
                    match |= Signatures.equalsBytes(Signatures.hmac("HmacSHA256", key, signed), given);
                }
            } else if (version.equals("v1a")) {
                for (PublicKey key : asymmetric) {
                    match |= ed25519Valid(key, signed, given);
                }
            }
        }
        return match ? Verification.OK : Verification.fail("signature mismatch");
    }

    private static boolean ed25519Valid(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (Exception e) {
            return false;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public List<String> headers() {
        return List.of(StandardWebhooks.ID, StandardWebhooks.TIMESTAMP, StandardWebhooks.SIGNATURE);
    }

    /** webhook-id is part of what is signed ({@code id.timestamp.body}). */
    @Override
    public java.util.Optional<String> signedDeliveryId(Function<String, String> header, byte[] body) {
        return java.util.Optional.ofNullable(header.apply(StandardWebhooks.ID));
    }
}
