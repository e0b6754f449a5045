package io.junction.connectors.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.history.HistoryEvent;

/**
 * One archived event as one JSON line: {@code t} (the event's time, epoch ms), {@code at} (when it was archived),
 * {@code route}, {@code source} (topic/partition@offset where it came from Kafka), {@code key}, {@code headers} and
 * {@code payload}. Key and payload are text when they are UTF-8, else {@code keyBase64} / {@code payloadBase64}, so
 * a line can be read with jq or zcat and still hold any bytes.
 */
public final class ArchiveRecord {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ArchiveRecord() {
    }

    public static byte[] line(long time, long archivedAt, String route, String source, byte[] key,
            Map<String, String> headers, byte[] payload) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("t", time);
        n.put("at", archivedAt);
        n.put("route", route);
        if (source != null) {
            n.put("source", source);
        }
        bytes(n, "key", key);
        ObjectNode h = n.putObject("headers");
        headers.forEach(h::put);
        bytes(n, "payload", payload);
        byte[] json = JSON.writeValueAsBytes(n);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    private static void bytes(ObjectNode n, String field, byte[] value) {
        if (value == null) {
            return;
        }
        try {
            n.put(field, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString());
        } catch (CharacterCodingException e) {
            n.put(field + "Base64", Base64.getEncoder().encodeToString(value));
        }
    }

    /**
     * A line as a record, or throws when it is not one as {@link #write} makes them: a time {@code t}, headers whose
     * values are strings, a key and payload that are strings. An archive is read, not trusted: a header whose value
     * is a list would otherwise replay as an empty string.
     */
    public static JsonNode parse(String line) throws IOException {
        JsonNode n = JSON.readTree(line);
        if (n == null || !n.isObject() || !n.path("t").canConvertToExactIntegral()) {
            throw new IOException("not an archive record: no time t");
        }
        JsonNode headers = n.path("headers");
        if (!headers.isMissingNode() && !headers.isObject()) {
            throw new IOException("not an archive record: headers is not an object");
        }
        for (var e : headers.properties()) {
            if (!e.getValue().isTextual()) {
                throw new IOException("not an archive record: the value of header " + e.getKey() + " is not a string");
            }
        }
        for (String field : new String[] { "key", "keyBase64", "payload", "payloadBase64" }) {
            if (n.hasNonNull(field) && !n.get(field).isTextual()) {
                throw new IOException("not an archive record: " + field + " is not a string");
            }
        }
        return n;
    }

    /** The event a line holds, named by where it is in the archive ({@code archive:FILE:LINE}). */
    public static HistoryEvent event(JsonNode n, String position) {
        Map<String, String> headers = new LinkedHashMap<>();
        n.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        return new HistoryEvent(position, read(n, "key"), read(n, "payload"), headers, n.get("t").asLong());
    }

    private static byte[] read(JsonNode n, String field) {
        if (n.hasNonNull(field)) {
            return n.get(field).asText().getBytes(StandardCharsets.UTF_8);
        }
        return n.hasNonNull(field + "Base64") ? Base64.getDecoder().decode(n.get(field + "Base64").asText()) : null;
    }
}
