package io.junction.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What arrived on an output topic: per record the broker's append time and the send time the payload carries.
 * Throughput comes from the spread of append times, latency from append time minus send time, both on the one
 * machine's clock, in whole milliseconds (Kafka's timestamp resolution).
 */
public final class OutputRecords {

    private final long[] appendMillis;
    private final long[] sentMillis;
    private final int unique;
    private final int withKey;

    private OutputRecords(long[] appendMillis, long[] sentMillis, int unique, int withKey) {
        this.appendMillis = appendMillis;
        this.sentMillis = sentMillis;
        this.unique = unique;
        this.withKey = withKey;
    }

    /** Reads the topic from the given offsets (all partitions from 0 when {@code from} is empty) to {@code to}. */
    public static OutputRecords read(String brokers, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to)
            throws Exception {
        List<Long> append = new ArrayList<>();
        List<Long> sent = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        int keyed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaSettings.reader(brokers))) {
            consumer.assign(to.keySet());
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : to.keySet()) {
                long start = from.getOrDefault(tp, 0L);
                consumer.seek(tp, start);
                if (to.get(tp) > start) {
                    remaining.put(tp, to.get(tp));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the output topic back: missing " + remaining);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long end = remaining.get(tp);
                    if (end == null || r.offset() >= end) {
                        continue;
                    }
                    append.add(r.timestamp());
                    sent.add(Payload.sentAt(r.value()));
                    ids.add(Payload.id(r.value()));
                    if (r.key() != null) {
                        keyed++;
                    }
                    if (r.offset() + 1 >= end) {
                        remaining.remove(tp);
                    }
                }
            }
        }
        return new OutputRecords(append.stream().mapToLong(Long::longValue).toArray(),
                sent.stream().mapToLong(Long::longValue).toArray(), ids.size(), keyed);
    }

    public int size() {
        return appendMillis.length;
    }

    /** Records whose payload id was seen before (at-least-once redeliveries). */
    public int duplicates() {
        return appendMillis.length - unique;
    }

    public int withKey() {
        return withKey;
    }

    /**
     * Records per second over the records after the first {@code warmup} (by append time): the count after the
     * warm-up divided by the time from the warm-up's last append to the last append. With no warm-up, from the
     * first append.
     */
    public double throughput(int warmup) {
        long[] sorted = appendMillis.clone();
        Arrays.sort(sorted);
        if (sorted.length < 2 || warmup >= sorted.length) {
            return Double.NaN;
        }
        int startIndex = Math.max(0, warmup - 1);
        int counted = sorted.length - 1 - startIndex;
        long spanMillis = Math.max(1, sorted[sorted.length - 1] - sorted[startIndex]);
        return counted * 1000.0 / spanMillis;
    }

    /** End-to-end latencies in ms: append time minus the payload's send time. */
    public double[] latenciesMs() {
        double[] out = new double[appendMillis.length];
        int n = 0;
        for (int i = 0; i < appendMillis.length; i++) {
            if (sentMillis[i] > 0) {
                out[n++] = appendMillis[i] - sentMillis[i];
            }
        }
        return Arrays.copyOf(out, n);
    }
}
