package io.junction.history;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The events of a Kafka topic whose timestamps fall in [from, to). The broker's time index (offsets-for-times)
 * gives each partition's first offset at or after {@code from} and at or after {@code to}; the records between are
 * read with an assigned consumer (no group, nothing committed: replaying never moves a route's own position) and
 * those whose timestamp lies outside the window are skipped, so records produced with an out-of-order CreateTime
 * inside the range are not replayed twice by adjacent windows.
 */
public final class TopicWindow implements HistorySource {

    private static final Duration IDLE = Duration.ofSeconds(60);
    /** Records held per partition while the others catch up: bounds the memory a merge needs. */
    private static final int BUFFER = 5000;

    private final String topic;
    private final Instant from;
    private final Instant to;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final java.util.concurrent.atomic.AtomicLong scanned = new java.util.concurrent.atomic.AtomicLong();
    /** Per partition: [first offset, end offset) to read. */
    private final Map<TopicPartition, long[]> ranges = new LinkedHashMap<>();

    public TopicWindow(String brokers, String topic, Instant from, Instant to) {
        this.topic = topic;
        this.from = from;
        this.to = to;
        this.consumer = consumer(brokers);
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(15));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(at(tps, from), Duration.ofSeconds(15));
            Map<TopicPartition, OffsetAndTimestamp> stops = consumer.offsetsForTimes(at(tps, to), Duration.ofSeconds(15));
            for (TopicPartition tp : tps) {
                long last = end.get(tp);
                long first = starts.get(tp) == null ? last : starts.get(tp).offset();
                long stop = stops.get(tp) == null ? last : Math.min(last, stops.get(tp).offset());
                ranges.put(tp, new long[] { first, Math.max(first, stop) });
            }
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    private static Map<TopicPartition, Long> at(List<TopicPartition> tps, Instant t) {
        Map<TopicPartition, Long> m = new HashMap<>();
        tps.forEach(tp -> m.put(tp, t.toEpochMilli()));
        return m;
    }

    @Override
    public long total() {
        return ranges.values().stream().mapToLong(r -> r[1] - r[0]).sum();
    }

    @Override
    public long scanned() {
        return scanned.get();
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        ranges.forEach((tp, r) -> lines.add(String.format("%s/%d offsets %d..%d (%d)", topic, tp.partition(), r[0],
                r[1], r[1] - r[0])));
        return lines;
    }

    /**
     * Reads all partitions at once and merges them by timestamp (ties by partition), so a route sees the window in
     * about the order the events happened, and each partition's own order is kept.
     */
    @Override
    public void read(Handler handler) throws Exception {
        Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers = new LinkedHashMap<>();
        ranges.forEach((tp, r) -> {
            if (r[0] < r[1]) {
                buffers.put(tp, new ArrayDeque<>());
            }
        });
        if (buffers.isEmpty()) {
            return;
        }
        consumer.assign(buffers.keySet());
        buffers.keySet().forEach(tp -> consumer.seek(tp, ranges.get(tp)[0]));
        long idle = System.nanoTime() + IDLE.toNanos();
        while (!buffers.isEmpty()) {
            // Offsets can have gaps (transaction markers, compaction): a partition ends when its position passes the stop.
            buffers.entrySet().removeIf(e -> e.getValue().isEmpty() && consumer.position(e.getKey()) >= ranges.get(e.getKey())[1]);
            if (buffers.isEmpty()) {
                break;
            }
            if (buffers.values().stream().anyMatch(ArrayDeque::isEmpty)) {
                List<TopicPartition> full = buffers.entrySet().stream().filter(e -> e.getValue().size() >= BUFFER)
                        .map(Map.Entry::getKey).toList();
                consumer.pause(full);
                consumer.resume(buffers.keySet().stream().filter(tp -> !full.contains(tp)).toList());
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    if (System.nanoTime() > idle) {
                        throw new IllegalStateException("no records from " + topic + " for " + IDLE.toSeconds()
                                + " s while the window is not read to its end");
                    }
                    continue;
                }
                idle = System.nanoTime() + IDLE.toNanos();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (buffers.containsKey(tp) && r.offset() < ranges.get(tp)[1]) {
                        buffers.get(tp).add(r);
                    }
                }
                continue;
            }
            ArrayDeque<ConsumerRecord<byte[], byte[]>> next = buffers.values().stream()
                    .min(Comparator.comparingLong((ArrayDeque<ConsumerRecord<byte[], byte[]>> q) -> q.peek().timestamp())
                            .thenComparingInt(q -> q.peek().partition())).orElseThrow();
            ConsumerRecord<byte[], byte[]> r = next.poll();
            scanned.incrementAndGet();
            if (r.timestamp() >= from.toEpochMilli() && r.timestamp() < to.toEpochMilli() && !handler.accept(event(r))) {
                return;
            }
        }
    }

    private static HistoryEvent event(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return new HistoryEvent(r.topic() + "/" + r.partition() + "@" + r.offset(), r.key(), r.value(), headers,
                r.timestamp());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String brokers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Asking for a topic that is not there must not make Kafka create it (a dry run named a missing one).
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
        return new KafkaConsumer<>(p);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
