package io.junction.masking;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.MapFunction;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Service;

/**
 * The mask-action connector: redacts, hashes (HMAC-SHA256, keyed so values still join but cannot be confirmed by
 * guessing) or encrypts (AES-GCM) the fields of a JSON event that JSON paths select, or decrypts them again for an
 * authorised replay. Steps run in the order decrypt, redact, hash, encrypt. Configuration is checked when Camel
 * starts the bean; no message ever contains key material or a field's value.
 * <p>
 * A path of field names ({@code $.customer.phone}) reaches through arrays at any depth: where the event holds a list
 * where the path names a field, it applies to each element ({@link FieldPath}), so a list cannot hide a field.
 * Hashing and encrypting leave alone what they made themselves (the exact shape of a hash;
 * a ciphertext that decrypts under this key for this field), so masking an event twice (a replayed dead letter) gives
 * what masking it once gave. A route that masks also masks its dead letters: the original event is what a dead
 * letter holds, so {@link #protectDeadLetter} masks it again there, or refuses when that is not sure.
 */
public final class JsonMask implements Processor, Service {

    public static final String REDACTED = "[REDACTED]";
    public static final String HASH_PREFIX = "hmac-sha256:";
    public static final String ENC_PREFIX = "enc:v1:";
    /** Exchange property: the masks an event has passed (a {@code List<JsonMask>}), for its dead letter. */
    public static final String APPLIED = "junction.masks";
    /** Exchange property: the route changed the event before a mask, so its original cannot be masked the same way. */
    static final String TRANSFORMED = "junction.masks.transformed";
    /** What hashing makes: values of this shape are not hashed again. */
    private static final java.util.regex.Pattern HASHED = java.util.regex.Pattern.compile("hmac-sha256:[0-9a-f]{64}");
    /** Random 96-bit nonces: NIST SP 800-38D allows 2^32 encryptions per key this way; rotate keys well before. */
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Decimals kept as written (1.10 stays 1.10, 100.0 does not become 1E+2): the untouched fields must survive. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    /** Paths that match nothing are not an error: an event without the field has nothing to protect. */
    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
            .mappingProvider(new JacksonMappingProvider(MAPPER))
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private String redact;
    private String hash;
    private String encrypt;
    private String decrypt;
    private String hashKey;
    private String encryptionKey;

    /** Set by {@link #start()}: the checked configuration. */
    private volatile List<Step> steps;

    /**
     * @param fields     the path as names, indexes and [*], applied through any array ({@link FieldPath}); null for
     *                   other paths (filters, deep scan), which JSON path applies
     * @param perElement the path starts at a property of the root, which an array does not have: applied to each
     *                   element of an event that is an array
     * @param protects   redact, hash or encrypt (decrypt reveals)
     * @param attribute  for a protecting path of one top-level field ($.ssn), that field's name: its CloudEvent
     *                   attribute headers are protected too; else null
     */
    private record Step(JsonPath compiled, FieldPath fields, MapFunction function, boolean perElement,
            boolean protects, String attribute) {
    }

    public void setRedact(String paths) {
        this.redact = paths;
        this.steps = null;
    }

    /** The kamelet's hashPaths: Camel drops an endpoint parameter named "hash" from every URI, kamelets' too. */
    public void setHash(String paths) {
        this.hash = paths;
        this.steps = null;
    }

    public void setEncrypt(String paths) {
        this.encrypt = paths;
        this.steps = null;
    }

    public void setDecrypt(String paths) {
        this.decrypt = paths;
        this.steps = null;
    }

    public void setHashKey(String hashKey) {
        this.hashKey = hashKey;
        this.steps = null;
    }

    public void setEncryptionKey(String encryptionKey) {
        this.encryptionKey = encryptionKey;
        this.steps = null;
    }

    @Override
    public void start() {
        List<Step> list = new ArrayList<>();
        SecretKeySpec aes = null;
        if (!paths("encrypt", encrypt).isEmpty() || !paths("decrypt", decrypt).isEmpty()) {
            aes = aesKey(encryptionKey);
        }
        for (String path : paths("decrypt", decrypt)) {
            list.add(step(path, decryptor(aes, path), false));
        }
        for (String path : paths("redact", redact)) {
            list.add(step(path, (value, conf) -> TextNode.valueOf(REDACTED), true));
        }
        List<String> hashed = paths("hashPaths", hash);
        if (!hashed.isEmpty()) {
            if (blank(hashKey)) {
                throw new IllegalArgumentException("mask-action: hashKey is required when hashPaths is set");
            }
            SecretKeySpec key = new SecretKeySpec(hashKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            for (String path : hashed) {
                list.add(step(path, (value, conf) -> hashed(value) ? value
                        : TextNode.valueOf(HASH_PREFIX + hmac(key, plainText(value))), true));
            }
        }
        for (String path : paths("encrypt", encrypt)) {
            list.add(step(path, encryptor(aes, path), true));
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("mask-action: nothing to do: set redact, hashPaths, encrypt or decrypt");
        }
        steps = List.copyOf(list);
    }

    @Override
    public void stop() {
        // nothing to release
    }

    @Override
    public void process(Exchange exchange) {
        String body = exchange.getIn().getBody(String.class);
        if (current().stream().anyMatch(Step::protects)) {
            // Recorded before masking: when this very step fails (the event is not JSON), its dead letter must not
            // hold the event in clear either.
            record(exchange, body);
        }
        exchange.getIn().setBody(apply(body));
        maskAttributes(exchange.getIn());
    }

    /** A top-level field: {@code $['ssn']}. */
    private static final java.util.regex.Pattern TOP_LEVEL = java.util.regex.Pattern.compile("^\\$\\['([^']+)'\\]$");

    /**
     * A CloudEvent carries its extension attributes as headers ({@code ce_ssn}, {@code ce-ssn}): the webhook ingress
     * moves a structured event's top-level fields there, and a binary-mode sender writes them so. A top-level field
     * this step protects is protected in such a header too, or it would pass in clear beside the masked body.
     */
    private void maskAttributes(Message in) {
        for (Step step : current()) {
            String field = step.attribute();
            if (field == null) {
                continue;
            }
            for (String header : List.copyOf(in.getHeaders().keySet())) {
                if (header.length() == field.length() + 3 && header.regionMatches(true, 0, "ce", 0, 2)
                        && (header.charAt(2) == '_' || header.charAt(2) == '-')
                        && header.regionMatches(true, 3, field, 0, field.length())) {
                    Object masked = step.function().map(TextNode.valueOf(String.valueOf(in.getHeader(header))),
                            JSON_PATH);
                    in.setHeader(header, node(masked).asText());
                }
            }
        }
    }

    private void record(Exchange exchange, String body) {
        // A new list each time: the exchanges of a split share their parent's properties.
        @SuppressWarnings("unchecked")
        List<JsonMask> applied = exchange.getProperty(APPLIED, List.of(), List.class);
        if (!applied.contains(this)) {
            List<JsonMask> next = new ArrayList<>(applied);
            next.add(this);
            exchange.setProperty(APPLIED, List.copyOf(next));
        }
        // The dead letter holds the original event: masking it the same way is only sure when the route did not
        // change the event before this step (a transform could move the field where these paths do not look).
        // (Without the original kept, a dead letter cannot hold it either: it holds the current, masked event.)
        Message original = exchange.getUnitOfWork() == null || !exchange.getContext().isAllowUseOriginalMessage() ? null
                : exchange.getUnitOfWork().getOriginalInMessage();
        if (original != null && !Objects.equals(original.getBody(String.class), body)) {
            exchange.setProperty(TRANSFORMED, true);
        }
    }

    private List<Step> current() {
        List<Step> current = steps;
        if (current == null) {
            start();
            current = steps;
        }
        return current;
    }

    /**
     * The dead letter of an event that reached mask-action steps: the original event with what those steps protect
     * masked again (never revealed: decrypt is left out).
     *
     * @return the masked event, or null when the event did not reach a mask
     * @throws IllegalArgumentException when the original cannot be masked the same way (it is not JSON, or the route
     *                                  changed the event before masking it); the message quotes nothing of the event
     */
    public static String protectDeadLetter(Exchange exchange, String original) {
        @SuppressWarnings("unchecked")
        List<JsonMask> applied = exchange.getProperty(APPLIED, List.class);
        if (applied == null || applied.isEmpty()) {
            return null;
        }
        if (exchange.getProperty(TRANSFORMED, false, Boolean.class)) {
            throw new IllegalArgumentException("the route changed the event before mask-action, so the original"
                    + " cannot be masked the same way");
        }
        String out = original;
        for (JsonMask mask : applied) {
            try {
                out = mask.run(out, true);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the original event is not JSON mask-action can read");
            }
        }
        return out;
    }

    /** Masks (or decrypts) one JSON event; also used by {@code junction replay --decrypt}. */
    public String apply(String body) {
        return run(body, false);
    }

    private String run(String body, boolean protectOnly) {
        List<Step> current = current();
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("mask-action: the event is not JSON: the body is empty");
        }
        JsonNode doc;
        try {
            doc = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            // Where, never what: the parser's message quotes the offending token, which may be the very value this
            // step protects, and the message reaches logs, the dead letter's envelope and /admin/dlq. Nor the
            // parser's exception as cause, which logs print.
            throw new IllegalArgumentException("mask-action: the event is not JSON: "
                    + (e instanceof com.fasterxml.jackson.core.io.JsonEOFException ? "it ends early" : "invalid JSON")
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr()));
        }
        for (Step step : current) {
            if (protectOnly && !step.protects()) {
                continue;
            }
            if (step.fields() != null) {
                step.fields().map(doc, value -> node(step.function().map(value, JSON_PATH)));
            } else if (step.perElement() && doc.isArray()) {
                for (JsonNode element : doc) {
                    step.compiled().map(element, step.function(), JSON_PATH);
                }
            } else {
                step.compiled().map(doc, step.function(), JSON_PATH);
            }
        }
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("mask-action: cannot write the event as JSON", e);
        }
    }

    private static Step step(String path, MapFunction function, boolean protects) {
        JsonPath compiled = JsonPath.compile(path);
        java.util.regex.Matcher field = TOP_LEVEL.matcher(compiled.getPath());
        return new Step(compiled, FieldPath.of(compiled.getPath()).orElse(null), function,
                compiled.getPath().startsWith("$['"), protects, protects && field.matches() ? field.group(1) : null);
    }

    /** Already hashed: the exact shape hashing makes, not merely its prefix (which anyone can send). */
    private static boolean hashed(Object value) {
        JsonNode node = node(value);
        return node.isTextual() && HASHED.matcher(node.asText()).matches();
    }

    /**
     * The authenticated data is the normalised path ($['customer']['email']), so a ciphertext copied into another
     * field does not decrypt, while $.customer.email and $['customer']['email'] name the same field.
     */
    private static byte[] aad(String path) {
        return JsonPath.compile(path).getPath().getBytes(StandardCharsets.UTF_8);
    }

    private static MapFunction encryptor(SecretKeySpec key, String path) {
        byte[] aad = aad(path);
        MapFunction decrypt = decryptor(key, path);
        return (value, conf) -> {
            JsonNode node = node(value);
            if (node.isTextual() && node.asText().startsWith(ENC_PREFIX)) {
                // Already encrypted only if it decrypts here (this key, this field); a sent "enc:v1:..." that does
                // not is a value like any other, and is encrypted.
                try {
                    decrypt.map(value, conf);
                    return value;
                } catch (RuntimeException notOurs) {
                    // encrypt it below
                }
            }
            try {
                byte[] nonce = new byte[NONCE_BYTES];
                RANDOM.nextBytes(nonce);
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
                cipher.updateAAD(aad);
                // The JSON text, not the string form: a number or an object comes back as what it was.
                byte[] sealed = cipher.doFinal(MAPPER.writeValueAsBytes(node(value)));
                byte[] out = new byte[NONCE_BYTES + sealed.length];
                System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
                System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
                return TextNode.valueOf(ENC_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out));
            } catch (GeneralSecurityException | JsonProcessingException e) {
                throw new IllegalStateException("mask-action: cannot encrypt " + path, e);
            }
        };
    }

    private static MapFunction decryptor(SecretKeySpec key, String path) {
        byte[] aad = aad(path);
        return (value, conf) -> {
            // Anything but a ciphertext is left alone, so decrypting an event twice is harmless.
            JsonNode node = node(value);
            String s = node.asText();
            if (!node.isTextual() || !s.startsWith(ENC_PREFIX)) {
                return value;
            }
            byte[] in;
            try {
                in = Base64.getUrlDecoder().decode(s.substring(ENC_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                in = new byte[0];
            }
            if (in.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new IllegalArgumentException("mask-action: cannot decrypt " + path
                        + ": the value is not a well-formed " + ENC_PREFIX + " ciphertext");
            }
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
                cipher.updateAAD(aad);
                byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
                return MAPPER.readTree(plain);
            } catch (AEADBadTagException e) {
                throw new IllegalArgumentException("mask-action: cannot decrypt " + path + ": authentication failed "
                        + "(another key, an altered value, or a value encrypted for another field)");
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException("mask-action: cannot decrypt " + path, e);
            }
        };
    }

    /** Jackson's JsonPath provider hands over nodes; other providers would hand over Java values. */
    private static JsonNode node(Object value) {
        return value == null ? NullNode.getInstance()
                : value instanceof JsonNode n ? n : MAPPER.valueToTree(value);
    }

    /** What is hashed: a string itself, anything else as its JSON text. */
    private static String plainText(Object value) {
        JsonNode node = node(value);
        if (node.isTextual()) {
            return node.asText();
        }
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("mask-action: cannot hash a value", e);
        }
    }

    private static String hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("mask-action: HMAC-SHA256 is not available", e);
        }
    }

    private static SecretKeySpec aesKey(String base64) {
        if (blank(base64)) {
            throw new IllegalArgumentException("mask-action: encryptionKey is required when encrypt or decrypt is set");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            // Not the decoder's message: it quotes the offending character of the key.
            throw new IllegalArgumentException("mask-action: encryptionKey is not valid base64");
        }
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("mask-action: encryptionKey must be the base64 of a 16, 24 or 32 byte "
                    + "AES key, it decodes to " + key.length + " bytes");
        }
        return new SecretKeySpec(key, "AES");
    }

    /** The comma-separated JSON paths of one parameter, checked. */
    private static List<String> paths(String parameter, String value) {
        List<String> out = new ArrayList<>();
        if (blank(value)) {
            return out;
        }
        for (String p : value.split(",")) {
            String path = p.strip();
            if (path.isEmpty()) {
                continue;
            }
            try {
                if (JsonPath.compile(path).getPath().equals("$")) {
                    throw new IllegalArgumentException("mask-action: " + parameter
                            + ": the whole event ($) cannot be masked, name its fields");
                }
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("mask-action: " + parameter + ": not a JSON path: " + path
                        + " (" + e.getMessage() + ")");
            }
            out.add(path);
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
