package io.junction.deadletter;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.junction.headers.HeaderPolicy;
import org.apache.camel.ProducerTemplate;

/**
 * Listing and replaying dead letters, the one way the CLI ({@code junction dlq}) and the admin API do it. A replayed
 * event goes back through the header policy (a letter is data, not instructions: {@code kafka.OVERRIDE_TOPIC} or
 * {@code CamelHttpUri} in it change nothing), and only to its source topic, another Kafka topic, or a target that
 * configuration names whole, parameters included: a request chooses among targets, it never writes one (a connector
 * with a {@code directory} or {@code url} of the caller's choosing writes files or posts anywhere).
 */
public final class DeadLetterService {

    /** What a replay matched and did; {@code replayed} names the letters sent (or that a dry run would send). */
    public record Replay(List<Sent> replayed, DeadLetters.ReplaySummary summary) {
    }

    /** A letter a replay sent, and where. */
    public record Sent(String id, String to) {
    }

    /** A listing: how many letters match, by route and exception, and the first few whole. */
    public record Listing(int total, Map<String, Integer> byRouteAndException, List<DeadLetters.Letter> samples) {
    }

    /** At most this many letters are shown whole in a listing, and named in a replay's answer. */
    public static final int MAX_SAMPLES = 100;
    public static final int MAX_NAMED = 10_000;

    private final DeadLetters store;
    private final HeaderPolicy policy;
    private final List<String> extraTargets;

    /**
     * @param extraTargets endpoint URIs a replay may also send to, each as written
     *                     (junction.dead-letter.replay-targets), e.g. {@code kamelet:http-sink?url=https://partner/in}
     */
    public DeadLetterService(String brokers, HeaderPolicy policy, List<String> extraTargets) {
        this.store = new DeadLetters(brokers);
        this.policy = policy;
        this.extraTargets = List.copyOf(extraTargets);
    }

    /** Counts what {@code query} matches and keeps the first {@code samples} (at most {@link #MAX_SAMPLES}). */
    public Listing list(DeadLetterQuery query, int samples) throws Exception {
        int keep = Math.max(0, Math.min(samples, MAX_SAMPLES));
        int[] total = {0};
        Map<String, Integer> counts = new java.util.TreeMap<>();
        List<DeadLetters.Letter> kept = new java.util.ArrayList<>();
        store.scan(query, null, l -> {
            total[0]++;
            counts.merge(l.headers().getOrDefault(DeadLetterHeaders.ROUTE, "?") + " "
                    + l.headers().getOrDefault(DeadLetterHeaders.EXCEPTION_CLASS, "?"), 1, Integer::sum);
            if (kept.size() < keep) {
                kept.add(l);
            }
        });
        return new Listing(total[0], counts, kept);
    }

    /**
     * Replays what {@code query} matches: to each letter's source topic, or to {@code to}. {@code template} sends
     * to a non-Kafka target (null where none is allowed, e.g. offline).
     *
     * @throws IllegalArgumentException when {@code to} is not a target a replay may use
     */
    public Replay replay(DeadLetterQuery query, String to, boolean dryRun, double perSecond, ProducerTemplate template,
            BiConsumer<Integer, Integer> progress) throws Exception {
        String toTopic = DeadLetters.kafkaTopic(to);
        if (toTopic != null && (to.contains("?") || toTopic.isBlank())) {
            // Options were dropped without a word (kafka:T?brokers=... went to T on this cluster): say so instead.
            throw new IllegalArgumentException("a replay target is kafka:TOPIC, without options: it goes to this"
                    + " gateway's cluster; not " + to);
        }
        if (toTopic != null && toTopic.startsWith("_")) {
            throw new IllegalArgumentException("a replay does not write to internal topics (names starting with _): "
                    + to);
        }
        DeadLetters.Target target = null;
        if (to != null && toTopic == null) {
            if (!allowed(to)) {
                throw new IllegalArgumentException("a replay sends to a Kafka topic (kafka:TOPIC), not " + to
                        + "; another target must be listed, exactly as sent, in junction.dead-letter.replay-targets");
            }
            if (template == null) {
                throw new IllegalArgumentException("--to " + to + " needs the running gateway: use POST /admin/dlq/replay");
            }
            target = DeadLetters.camelTarget(template, to);
        }
        long[] records = {0};
        Consumer<Integer> done = progress == null ? null : n -> progress.accept(n, (int) Math.min(records[0],
                Integer.MAX_VALUE));
        List<Sent> sent = new java.util.ArrayList<>();
        DeadLetters.ReplaySummary summary = store.replay(visit -> store.scan(query, n -> records[0] = n, visit), target,
                toTopic, dryRun, perSecond, done, this::admit, l -> {
                    if (sent.size() < MAX_NAMED) {
                        sent.add(new Sent(l.id(), to != null ? to
                                : "kafka:" + l.headers().get(DeadLetterHeaders.SOURCE_TOPIC)));
                    }
                });
        return new Replay(sent, summary);
    }

    private boolean allowed(String to) {
        return extraTargets.stream().anyMatch(t -> !t.isBlank() && t.strip().equals(to));
    }

    /** The headers a replayed event may carry: what the policy lets in from outside, nothing else. */
    private Map<String, String> admit(Map<String, String> headers) {
        headers.keySet().removeIf(name -> !policy.allowsInbound(name));
        return headers;
    }
}
