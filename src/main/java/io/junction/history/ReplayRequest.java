package io.junction.history;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.junction.deadletter.DeadLetterQuery;
import io.junction.headers.HeaderPolicy;
import io.junction.masking.JsonMask;
import org.apache.camel.CamelContext;

/**
 * What a replay is asked to do, the same from {@code junction replay} and {@code POST /admin/replay}: read a time
 * window from a topic or the archive, optionally filter it and decrypt fields mask-action encrypted, and send it into
 * a route or a topic.
 *
 * @param from  ISO-8601 instant or a duration ago (2h, 30m, 3d)
 * @param to    the same; absent: now, when the replay starts (events that arrive later are not part of it)
 */
public record ReplayRequest(String topic, String archive, String from, String to, String intoRoute, String intoTopic,
        String filter, String decrypt, double rate, boolean dryRun) {

    /** Where {@code decrypt} takes its key from: the same key mask-action encrypted with (base64, 16/24/32 bytes). */
    public static final String DECRYPT_KEY_ENV = "JUNCTION_MASK_KEY";

    private static final java.util.Set<String> FIELDS = java.util.Set.of("topic", "archive", "from", "to", "intoRoute",
            "intoTopic", "filter", "decrypt", "rate", "dryRun");

    /**
     * Reads a request from the admin API's JSON fields. A field it does not know is refused: a misspelt one would
     * otherwise widen the replay silently.
     */
    public static ReplayRequest of(Map<String, Object> json) {
        if (json == null) {
            throw new IllegalArgumentException("the body must be a JSON object of the fields "
                    + new java.util.TreeSet<>(FIELDS));
        }
        for (String name : json.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' (fields: " + new java.util.TreeSet<>(FIELDS)
                        + ")");
            }
        }
        String into = text(json, "intoTopic");
        if (into != null && into.startsWith("_")) {
            throw new IllegalArgumentException("a replay does not write to internal topics (names starting with _): "
                    + into);
        }
        return new ReplayRequest(text(json, "topic"), text(json, "archive"), text(json, "from"), text(json, "to"),
                text(json, "intoRoute"), text(json, "intoTopic"), text(json, "filter"), text(json, "decrypt"),
                rate(json.get("rate")),
                Boolean.parseBoolean(String.valueOf(json.getOrDefault("dryRun", "false"))));
    }

    /** The fields, for the CLI to post to the admin API. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", topic);
        m.put("archive", archive);
        m.put("from", from);
        m.put("to", to);
        m.put("intoRoute", intoRoute);
        m.put("intoTopic", intoTopic);
        m.put("filter", filter);
        m.put("decrypt", decrypt);
        m.put("rate", rate);
        m.put("dryRun", dryRun);
        return m;
    }

    /** A replay's events a second: a number, 0 (no limit) or more; NaN read as a number was no limit at all. */
    public static double rate(Object value) {
        if (value == null) {
            return 0;
        }
        double rate;
        try {
            rate = value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            rate = Double.NaN;
        }
        if (!Double.isFinite(rate) || rate < 0) {
            throw new IllegalArgumentException("rate must be a number of events a second, 0 (no limit) or more; was "
                    + value);
        }
        return rate;
    }

    private static String text(Map<String, Object> json, String name) {
        Object v = json.get(name);
        return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v);
    }

    /**
     * Checks the request and opens its source and target.
     *
     * @param camel the running gateway, or null offline (then a route cannot be a target)
     * @throws IllegalArgumentException what is wrong with the request, in the words a user needs to fix it
     */
    public StreamReplay open(String brokers, CamelContext camel, HeaderPolicy policy) {
        if ((topic == null) == (archive == null)) {
            throw new IllegalArgumentException("give one of --topic or --archive to read from");
        }
        if (!dryRun && (intoRoute == null) == (intoTopic == null)) {
            throw new IllegalArgumentException("give one of --into-route or --into-topic (or --dry-run)");
        }
        if (from == null) {
            throw new IllegalArgumentException("--from is required: an ISO-8601 time (2026-12-02T09:00:00Z) or a duration ago (6h)");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be 0 (no limit) or more");
        }
        topicName("--topic", topic);
        topicName("--into-topic", intoTopic);
        Instant now = Instant.now();
        Instant start = time("--from", from, now);
        Instant end = to == null ? now : time("--to", to, now);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("--to (" + end + ") must be after --from (" + start + ")");
        }
        JqFilter jq = filter == null ? null : new JqFilter(filter);
        UnaryOperator<byte[]> decryption = decrypt == null ? null : decryption(decrypt, System.getenv(DECRYPT_KEY_ENV));
        if (intoRoute != null && !dryRun && camel == null) {
            throw new IllegalArgumentException("--into-route needs the running gateway");
        }
        HistorySource source = topic != null ? new TopicWindow(brokers, topic, start, end)
                : new ArchiveWindow(Path.of(archive), start, end);
        try {
            ReplayTarget target = dryRun ? null
                    : intoRoute != null ? new RouteTarget(camel, intoRoute, policy) : new TopicTarget(brokers, intoTopic);
            return new StreamReplay(source, topic != null ? "topic " + topic : "archive " + archive, target, start, end,
                    jq, decryption, rate);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** mask-action's decrypt over the payload, with the key (from {@link #DECRYPT_KEY_ENV}). */
    static UnaryOperator<byte[]> decryption(String paths, String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("--decrypt needs the key mask-action encrypted with in " + DECRYPT_KEY_ENV);
        }
        JsonMask mask = new JsonMask();
        mask.setDecrypt(paths);
        mask.setEncryptionKey(key);
        mask.start();
        return payload -> mask.apply(new String(payload, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    /** Kafka's own rules for a name (a NUL or a slash in it failed later, as a 503 with Kafka's words). */
    private static void topicName(String option, String name) {
        if (name != null) {
            try {
                org.apache.kafka.common.internals.Topic.validate(name);
            } catch (org.apache.kafka.common.errors.InvalidTopicException e) {
                throw new IllegalArgumentException(option + " is not a Kafka topic name: " + e.getMessage());
            }
        }
    }

    private static Instant time(String option, String value, Instant now) {
        try {
            Instant t = DeadLetterQuery.parseTime(value, now);
            t.toEpochMilli(); // Kafka reads times in milliseconds: one beyond them overflowed later, as a 503
            return t;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " " + value
                    + " is neither an ISO-8601 time (2026-12-02T09:00:00Z) nor a duration ago (90s, 30m, 6h, 3d)");
        }
    }
}
