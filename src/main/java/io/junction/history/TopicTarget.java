package io.junction.history;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.junction.deadletter.DeadLetters;
import io.junction.headers.HeaderPolicy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Replays into a Kafka topic: the same key (so the same partitioning), payload, timestamp and headers, plus the
 * replay headers, but never a control header ({@link HeaderPolicy#isControl}: {@code kafka.OVERRIDE_TOPIC},
 * {@code CamelHttpUri}, ...): an archived line or a record is data, and the topic's readers (Camel's own among them)
 * must not be steered by it. Other headers stay data in Kafka; a route reading the topic applies the allowlist to
 * them as to any record. An event counts as replayed when acks=all confirmed it (idempotent
 * producer, so retries neither duplicate nor reorder within a partition).
 */
public final class TopicTarget implements ReplayTarget {

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;

    public TopicTarget(String brokers, String topic) {
        this.topic = topic;
        this.producer = DeadLetters.producer(brokers);
    }

    @Override
    public CompletableFuture<Void> send(HistoryEvent event, Map<String, String> replay) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, event.timestamp(), event.key(), event.value());
        event.headers().forEach((k, v) -> {
            if (!replay.containsKey(k) && !HeaderPolicy.isControl(k)) {
                r.headers().add(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8));
            }
        });
        replay.forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(r, (meta, failed) -> {
            if (failed != null) {
                done.completeExceptionally(failed);
            } else {
                done.complete(null);
            }
        });
        return done;
    }

    /** Enough to keep the producer's batches full; the idempotent producer keeps each partition's order. */
    @Override
    public int inFlight() {
        return 1000;
    }

    @Override
    public String describe() {
        return "topic " + topic;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
