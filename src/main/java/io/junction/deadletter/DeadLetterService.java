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

    /** What a replay matched and did. */
    public record Replay(List<DeadLetters.Letter> letters, DeadLetters.ReplaySummary summary) {
    }

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

    public List<DeadLetters.Letter> find(DeadLetterQuery query) throws Exception {
        return store.find(query);
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
        List<DeadLetters.Letter> letters = store.find(query);
        Consumer<Integer> done = progress == null ? null : n -> progress.accept(n, letters.size());
        return new Replay(letters, store.replay(letters, target, toTopic, dryRun, perSecond, done, this::admit));
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
