package io.junction.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the stand-in sinks received during one test, per sink (scheme:path), in order, and the failures a test asked
 * them to simulate.
 */
public final class Captures {

    /**
     * One message as the transport would send it: the body, the headers that go on the wire (the header policy's
     * outbound rule drops Camel's and Kafka's own), the Kafka record key and the HTTP method where they apply, and
     * every header the exchange carried when it reached the transport (for checking that a step removed one).
     */
    public record Message(String body, Map<String, Object> headers, String key, String method,
            Map<String, Object> exchangeHeaders) {
    }

    private final Map<String, List<Message>> received = new ConcurrentHashMap<>();
    private final Map<String, List<String>> failures = new ConcurrentHashMap<>();

    public void clear() {
        received.clear();
        failures.clear();
    }

    void add(String sink, Message m) {
        received.computeIfAbsent(sink, k -> new ArrayList<>()).add(m);
    }

    /** Every sink that received something, and what, in order. */
    public Map<String, List<Message>> all() {
        return new LinkedHashMap<>(received);
    }

    public List<Message> of(String sink) {
        return received.getOrDefault(sink, List.of());
    }

    /** The next {@code plan.size()} sends to {@code sink} fail as described (an HTTP status or "unavailable"). */
    public void failNext(String sink, List<String> plan) {
        failures.put(sink, new ArrayList<>(plan));
    }

    /** The failure planned for the next send to {@code sink}, or null for success. */
    String nextFailure(String sink) {
        List<String> plan = failures.get(sink);
        if (plan == null || plan.isEmpty()) {
            return null;
        }
        return plan.remove(0);
    }
}
