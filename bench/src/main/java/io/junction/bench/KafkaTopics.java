package io.junction.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

/** Topic administration for a run: create input and output topics up front, count records, delete afterwards. */
public final class KafkaTopics implements AutoCloseable {

    private final Admin admin;
    // A set: a contender's own topics (MirrorMaker 2's offset syncs) are named again every round.
    private final Set<String> created = new LinkedHashSet<>();

    public KafkaTopics(String brokers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        this.admin = Admin.create(p);
    }

    /** An input topic: records keep the time the producer gave them. */
    public void createInput(String topic, int partitions) throws Exception {
        create(topic, partitions, Map.of());
    }

    /**
     * An output topic whose records carry the time the broker appended them (LogAppendTime), whoever produced
     * them: the clock that measures throughput and latency is the broker's, for Junction and baseline alike.
     */
    public void createOutput(String topic, int partitions) throws Exception {
        create(topic, partitions, Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
    }

    private void create(String topic, int partitions, Map<String, String> config) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(config))).all()
                .get(30, TimeUnit.SECONDS);
        created.add(topic);
        // The controller answers before the broker has created the partitions' logs. An idempotent producer that
        // starts at once can then have its first batch refused while later ones are accepted, and retry into
        // OutOfOrderSequenceException until it times out (seen with Kafka 4.1.2). Listing offsets is answered by
        // the partition leader itself. Right after creation even that can fail (metadata not propagated yet):
        // ask again until every partition answers.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                endOffsets(topic, partitions);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }

    /** End offsets per partition (the number of records, as topics here are never compacted or trimmed). */
    public Map<TopicPartition, Long> endOffsets(String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int i = 0; i < partitions; i++) {
            request.put(new TopicPartition(topic, i), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    public long count(String topic, int partitions) throws Exception {
        return endOffsets(topic, partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The offsets a consumer group has committed, per partition (none before its first commit). */
    public Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .forEach((tp, o) -> {
                    if (o != null) {
                        out.put(tp, o.offset());
                    }
                });
        return out;
    }

    /** Deletes {@code topic} with the others at the end of the run: a topic a contender created for itself. */
    public void deleteLater(String topic) {
        created.add(topic);
    }

    /** Deletes the topics this instance created. */
    public void deleteCreated() {
        delete(created);
        created.clear();
    }

    private void delete(Collection<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        try {
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("bench: could not delete topics " + topics + ": " + e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
