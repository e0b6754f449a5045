package io.junction.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Lists and replays dead letters kept in Kafka (the default destination). Reading never commits or deletes: the
 * dead-letter topic stays the record of what failed. A replay re-publishes the original payload, key and headers
 * to the route's original input (the source topic in the envelope) or to another target, adding
 * {@code junction.replay.count} and {@code junction.replay.of}; it is at-least-once, and a route with an
 * idempotency key drops a replayed event it already delivered.
 */
public final class DeadLetters {

    /** One dead letter as read from its topic. */
    public record Letter(String topic, int partition, long offset, byte[] key, byte[] value, Map<String, String> headers) {
        public String id() {
            return headers.get(DeadLetterHeaders.ID);
        }

        /** JSON-friendly fields, for the admin API and {@code dlq list --format json}. */
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id());
            m.put("topic", topic);
            m.put("partition", partition);
            m.put("offset", offset);
            m.put("key", key == null ? null : new String(key, StandardCharsets.UTF_8));
            m.put("headers", headers);
            m.put("payload", preview(value));
            return m;
        }
    }

    /** The start of a payload as text, for listings. */
    public static String preview(byte[] value) {
        if (value == null) {
            return "(null)";
        }
        String s = new String(value, StandardCharsets.UTF_8);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** The topic of a {@code kafka:TOPIC[?options]} target, or null for any other endpoint. */
    public static String kafkaTopic(String to) {
        return to != null && to.startsWith("kafka:") ? to.substring(6).replaceFirst("\\?.*", "") : null;
    }

    /** A target that sends through a Camel endpoint; a failed send fails the replay of that letter. */
    public static Target camelTarget(org.apache.camel.ProducerTemplate template, String uri) {
        return (topic, key, value, headers) -> {
            Exception failed = template.send(uri, (org.apache.camel.Exchange e) -> {
                e.getIn().setBody(value);
                e.getIn().getHeaders().putAll(headers);
            }).getException();
            if (failed != null) {
                throw failed;
            }
        };
    }

    /** Sends one replayed event somewhere: its key, payload and headers. */
    public interface Target {
        void send(String defaultTopic, byte[] key, byte[] value, Map<String, String> headers) throws Exception;
    }

    public record ReplaySummary(int matched, int replayed, int skipped, List<String> errors) {
    }

    private final String brokers;

    public DeadLetters(String brokers) {
        this.brokers = brokers;
    }

    /** What a scan calls with each matching letter; it keeps what it needs, nothing else is kept. */
    static final int MAX_ERRORS = 1000;

    public interface Visitor {
        void visit(Letter letter) throws Exception;
    }

    /** A replay's letters, visited one at a time: a {@link #scan}. */
    interface Letters {
        void each(Visitor visit) throws Exception;
    }

    /**
     * Visits every dead letter matching the query, in topic and offset order, as of now, one at a time: a listing or
     * a replay of thousands of large letters holds one of them (and a poll's worth), not the topic (eleventh probe:
     * 400 letters of 900 KB ran a 256 MB gateway out of heap on GET /admin/dlq, which the dashboard makes).
     *
     * @param records told once, before the first visit, how many records the topics hold (a progress bar's total)
     */
    public void scan(DeadLetterQuery query, java.util.function.LongConsumer records, Visitor visit) throws Exception {
        List<String> topics = query.topicsToRead();
        if (topics == null) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000))) {
                Set<String> names = admin.listTopics().names().get(15, TimeUnit.SECONDS);
                topics = names.stream().filter(n -> n.endsWith(".dlq")).sorted().toList();
            }
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Map<String, List<TopicPartition>> partitions = new LinkedHashMap<>();
            Map<TopicPartition, Long> end = new java.util.HashMap<>();
            long total = 0;
            for (String topic : topics) {
                var info = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (info == null || info.isEmpty()) {
                    continue;
                }
                List<TopicPartition> tps = info.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                partitions.put(topic, tps);
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(tps, Duration.ofSeconds(10));
                end.putAll(consumer.endOffsets(tps, Duration.ofSeconds(10)));
                for (TopicPartition tp : tps) {
                    total += end.get(tp) - begin.get(tp);
                }
            }
            if (records != null) {
                records.accept(total);
            }
            for (List<TopicPartition> tps : partitions.values()) {
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                // Gives up after a minute without records (a broker away), not after a minute in all: a paced
                // replay sends as it reads and may take hours.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                    var polled = consumer.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<byte[], byte[]> r : polled) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        if (r.offset() >= end.get(tp)) {
                            continue;
                        }
                        Map<String, String> headers = new LinkedHashMap<>();
                        for (Header h : r.headers()) {
                            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
                        }
                        if (query.matches(headers)) {
                            visit.visit(new Letter(r.topic(), r.partition(), r.offset(), r.key(), r.value(), headers));
                        }
                    }
                    if (!polled.isEmpty()) {
                        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    }
                }
            }
        }
    }

    /**
     * Replays the letters, each as it is read. Without {@code target} each goes back to its
     * source topic (or to {@code toTopic}); letters without one are skipped and reported. {@code perSecond} > 0
     * limits the pace; {@code progress} hears each letter sent and {@code replayedOne} which; {@code admit} decides
     * which of a letter's headers travel (see {@link DeadLetterService}).
     */
    ReplaySummary replay(Letters letters, Target target, String toTopic, boolean dryRun, double perSecond,
            Consumer<Integer> progress, java.util.function.UnaryOperator<Map<String, String>> admit,
            Consumer<Letter> replayedOne) throws Exception {
        int[] matched = {0};
        int[] replayed = {0};
        int[] skipped = {0};
        // Named up to a bound: a million letters skipped would otherwise be a million lines held.
        List<String> errors = new ArrayList<>() {
            @Override
            public boolean add(String e) {
                return size() < MAX_ERRORS && super.add(e);
            }
        };
        long interval = perSecond > 0 ? (long) (1_000_000_000L / perSecond) : 0;
        try (KafkaProducer<byte[], byte[]> producer = target == null && !dryRun ? producer(brokers) : null) {
            Target kafka = producer == null ? null : (topic, key, value, headers) -> {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, key, value);
                headers.forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
                producer.send(r).get(30, TimeUnit.SECONDS);
            };
            Target to = target != null ? target : kafka;
            long[] next = {System.nanoTime()};
            letters.each(l -> {
                matched[0]++;
                String source = toTopic != null ? toTopic : l.headers().get(DeadLetterHeaders.SOURCE_TOPIC);
                if ("true".equals(l.headers().get(DeadLetterHeaders.PAYLOAD_TRUNCATED))) {
                    skipped[0]++;
                    errors.add(l.id() + ": only the first bytes of its " + l.headers().get(DeadLetterHeaders.PAYLOAD_SIZE)
                            + " were kept (too large for the dead-letter destination); find the whole event at its"
                            + " source by its SHA-256 " + l.headers().get(DeadLetterHeaders.PAYLOAD_SHA256));
                    return;
                }
                if (l.headers().containsKey(DeadLetterHeaders.PAYLOAD_WITHHELD)) {
                    skipped[0]++;
                    errors.add(l.id() + ": its payload was withheld (" + l.headers().get(DeadLetterHeaders.PAYLOAD_WITHHELD)
                            + "); find the event at its source");
                    return;
                }
                if (target == null && source == null) {
                    skipped[0]++;
                    errors.add(l.id() + ": no source topic in the envelope; replay it with --to");
                    return;
                }
                if (target == null && source.equals(l.topic())) {
                    // A letter read from the topic it would go to (a forged or mistaken source, --to-topic X.dlq):
                    // replaying it would only add a copy, again at each replay.
                    skipped[0]++;
                    errors.add(l.id() + ": it would be replayed into " + source + ", the dead-letter topic it is in;"
                            + " name another topic");
                    return;
                }
                if (target == null) {
                    // A name Kafka refuses fails the send: a dry run says so now, not "would be replayed".
                    try {
                        org.apache.kafka.common.internals.Topic.validate(source);
                    } catch (org.apache.kafka.common.errors.InvalidTopicException e) {
                        skipped[0]++;
                        errors.add(l.id() + ": it cannot be replayed into that topic: " + e.getMessage());
                        return;
                    }
                }
                if (!dryRun) {
                    if (interval > 0) {
                        long wait = next[0] - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        next[0] = Math.max(next[0], System.nanoTime()) + interval;
                    }
                    try {
                        to.send(source, l.key(), l.value(), replayHeaders(l, admit));
                    } catch (Exception e) {
                        errors.add(l.id() + ": " + e.getMessage());
                        skipped[0]++;
                        return;
                    }
                }
                replayed[0]++;
                if (replayedOne != null) {
                    replayedOne.accept(l);
                }
                if (progress != null) {
                    progress.accept(replayed[0]);
                }
            });
        }
        if (skipped[0] > errors.size()) {
            errors.add(0, (skipped[0] - errors.size()) + " more skipped, not named here");
        }
        return new ReplaySummary(matched[0], replayed[0], skipped[0], List.copyOf(errors));
    }

    /** The original headers that {@code admit} lets through, without the envelope, plus the replay count and origin. */
    static Map<String, String> replayHeaders(Letter l, java.util.function.UnaryOperator<Map<String, String>> admit) {
        Map<String, String> original = new LinkedHashMap<>();
        l.headers().forEach((k, v) -> {
            // The envelope and any replay mark, however spelt (Junction_Dot_Replay_Dot_Count): the gateway writes
            // its own below.
            String n = io.junction.headers.HeaderPolicy.decode(k).toLowerCase(java.util.Locale.ROOT);
            if (!n.startsWith(DeadLetterHeaders.PREFIX) && !n.startsWith("junction.replay.") && v != null) {
                original.put(k, v);
            }
        });
        Map<String, String> h = admit.apply(original);
        int count = 0;
        try {
            count = Integer.parseInt(l.headers().getOrDefault(DeadLetterHeaders.REPLAY_COUNT, "0"));
        } catch (NumberFormatException e) {
            // a foreign value: start counting again
        }
        h.put(DeadLetterHeaders.REPLAY_COUNT, Integer.toString(count + 1));
        h.put(DeadLetterHeaders.REPLAY_OF, String.valueOf(l.id()));
        return h;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "junction-dlq-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Reading never creates: asking for a topic that does not exist must not make Kafka create it.
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
        // A scan holds a poll's worth at a time: a few MB, not Kafka's default of 50.
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
        return new KafkaConsumer<>(p);
    }

    /** A producer that confirms each record with acks=all and never duplicates or reorders it on a retry. */
    public static KafkaProducer<byte[], byte[]> producer(String brokers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }
}
