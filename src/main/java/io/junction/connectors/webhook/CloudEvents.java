package io.junction.connectors.webhook;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * CloudEvents in, Kafka binary mode out (CloudEvents Kafka protocol binding): attributes become {@code ce_} headers,
 * the data is the record value, unchanged, and datacontenttype is the {@code content-type} header. Accepted in HTTP
 * binary mode ({@code ce-} headers, values percent-decoded as the HTTP binding requires) and structured mode
 * ({@code application/cloudevents+json}).
 */
final class CloudEvents {

    static final String STRUCTURED = "application/cloudevents+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A CloudEvent ready for Kafka: ce_ headers (including content-type) and the data bytes. */
    record Event(Map<String, String> headers, byte[] data) {
        String id() {
            return headers.get("ce_id");
        }
    }

    /** Thrown for a CloudEvent that is malformed; the request is answered 400 with the message. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private CloudEvents() {
    }

    static boolean isBinary(Iterable<Map.Entry<String, String>> headers) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().toLowerCase(Locale.ROOT).equals("ce-specversion")) {
                return true;
            }
        }
        return false;
    }

    static boolean isStructured(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(STRUCTURED);
    }

    static Event fromBinary(Iterable<Map.Entry<String, String>> headers, String contentType, byte[] body)
            throws Invalid {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("ce-") && name.length() > 3) {
                out.put("ce_" + attributeName(name.substring(3), out.size()), percentDecode(h.getValue()));
            }
        }
        require(out, "ce_id", "ce_source", "ce_type", "ce_specversion");
        if (contentType != null) {
            out.put("content-type", contentType);
        }
        return new Event(out, body);
    }

    static Event fromStructured(byte[] body) throws Invalid {
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (Exception e) {
            throw new Invalid("structured CloudEvent is not JSON: " + e.getMessage());
        }
        if (event == null || !event.isObject()) {
            throw new Invalid("structured CloudEvent is not a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        byte[] data = new byte[0];
        String contentType = "application/json";
        for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey().toLowerCase(Locale.ROOT);
            JsonNode v = f.getValue();
            switch (name) {
                case "data" -> data = v.isTextual() && !contentTypeIsJson(event) ? v.asText().getBytes(StandardCharsets.UTF_8)
                        : v.toString().getBytes(StandardCharsets.UTF_8);
                case "data_base64" -> data = Base64.getDecoder().decode(v.asText());
                case "datacontenttype" -> contentType = v.asText();
                default -> {
                    if (v.isNull()) {
                        continue; // CloudEvents 1.0: an attribute whose value is null is absent
                    }
                    if (!v.isValueNode()) {
                        throw new Invalid("CloudEvent attribute '" + name + "' is a JSON " + v.getNodeType()
                                .toString().toLowerCase(Locale.ROOT) + ": attributes are strings, numbers or booleans"
                                + " (CloudEvents 1.0, type system); put structured values in data");
                    }
                    out.put("ce_" + attributeName(name, out.size()), v.asText());
                }
            }
        }
        require(out, "ce_id", "ce_source", "ce_type", "ce_specversion");
        out.put("content-type", contentType);
        return new Event(out, data);
    }

    /** A plain webhook wrapped as a CloudEvent: id, source and type given by the route. */
    static Event wrap(String id, String source, String type, String contentType, byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("ce_specversion", "1.0");
        out.put("ce_id", id);
        out.put("ce_source", source);
        out.put("ce_type", type);
        out.put("ce_time", java.time.Instant.now().toString());
        if (contentType != null) {
            out.put("content-type", contentType);
        }
        return new Event(out, body);
    }

    /** Attributes a CloudEvent may carry here: each becomes a Kafka header (20,000 did, from one request). */
    static final int MAX_ATTRIBUTES = 64;

    /** CloudEvents 1.0: a name is lower-case letters and digits; and an event has a bounded number of them. */
    private static String attributeName(String name, int before) throws Invalid {
        if (before >= MAX_ATTRIBUTES) {
            throw new Invalid("CloudEvent with more than " + MAX_ATTRIBUTES + " attributes");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
                throw new Invalid("CloudEvent attribute name '" + name + "' is not lower-case letters and digits"
                        + " (CloudEvents 1.0, attribute naming)");
            }
        }
        return name;
    }

    private static boolean contentTypeIsJson(JsonNode event) {
        JsonNode ct = event.get("datacontenttype");
        return ct == null || ct.asText().toLowerCase(Locale.ROOT).contains("json");
    }

    private static void require(Map<String, String> attrs, String... names) throws Invalid {
        for (String n : names) {
            if (attrs.get(n) == null || attrs.get(n).isEmpty()) {
                throw new Invalid("CloudEvent without required attribute " + n.substring(3));
            }
        }
        // The one version this binding reads (the tenth probe: 9.9 was taken and published as such).
        if (!"1.0".equals(attrs.get("ce_specversion"))) {
            throw new Invalid("CloudEvent specversion '" + attrs.get("ce_specversion") + "' is not supported: send 1.0");
        }
    }

    /**
     * Percent-decodes an HTTP binding header value into UTF-8 text. Malformed escapes and byte sequences that are
     * not valid UTF-8 (an overlong encoding such as %C0%A0 among them) are refused, not repaired.
     */
    static String percentDecode(String value) throws Invalid {
        if (value == null || value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    throw new Invalid("malformed percent-encoding in CloudEvent attribute");
                }
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new Invalid("malformed percent-encoding in CloudEvent attribute");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Invalid("CloudEvent attribute is not valid UTF-8 after percent-decoding");
        }
    }
}
