package io.junction.connectors.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.junction.connectors.kafka.KafkaLag;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the Kafka consumers of every route (camel.component.kafka.kafka-client-factory) and keeps track of which
 * of them are members of their group with partitions assigned, so that readiness can wait for the assignment
 * instead of reporting ready while the partitions still belong to nobody. Each consumer also carries the
 * {@link KafkaCheckpoints} of the kafka-source connector ({@link KafkaPipeline}) and commits what they allow, on its
 * own thread: before each poll, when partitions are revoked, and when it closes.
 */
@ApplicationScoped
@Unremovable
@Named("junctionKafkaClients")
public class KafkaGroupMembers extends DefaultKafkaClientFactory {

    /** What readiness reports of one consumer: its group, what it subscribed to and what it holds. */
    public record Membership(String group, String subscription, boolean assigned, int partitions) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(KafkaGroupMembers.class);
    /**
     * Consumer property (the kafka-source connector's maxInFlight, passed as an additional property): how many records
     * one consumer may have in flight over all its partitions. Read here and kept from the Kafka client.
     */
    static final String MAX_IN_FLIGHT = "junction.max.in.flight";
    static final int DEFAULT_MAX_IN_FLIGHT = 1000;
    /** How long a closing consumer waits for its records in flight: Camel's shutdown timeout. */
    static final Duration DRAIN = Duration.ofSeconds(30);
    private static final ThreadLocal<Member> POLLING = new ThreadLocal<>();

    private final Set<Member> live = ConcurrentHashMap.newKeySet();

    /** The consumer whose thread this is, while it polls and hands out records; null on any other thread. */
    static Member polling() {
        return POLLING.get();
    }

    @Override
    public Consumer getConsumer(Properties props) {
        return new Member(props);
    }

    /** The properties without Junction's own, which the Kafka client would warn about as unknown. */
    private static Properties kafkaOnly(Properties props) {
        Properties out = new Properties();
        props.forEach((k, v) -> {
            if (!k.toString().startsWith("junction.")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The consumers that are open now. */
    public List<Membership> memberships() {
        List<Membership> out = new ArrayList<>();
        for (Member m : live) {
            out.add(new Membership(m.group, m.subscription, m.assigned, m.partitions));
        }
        return out;
    }

    /**
     * A plain KafkaConsumer that registers itself while open and records its assignment. Camel's consumer thread is
     * the only caller, so the listener callbacks run on it; the fields are volatile for readiness probes.
     */
    final class Member extends KafkaConsumer<Object, Object> {

        final String group;
        final KafkaCheckpoints checkpoints;
        volatile String subscription = "";
        volatile boolean assigned;
        volatile int partitions;
        /** An asynchronous commit is on its way (consumer thread only). */
        private boolean committing;
        /** The partitions of the last poll, whose lag is reported ({@link KafkaLag}). */
        private volatile Set<TopicPartition> owned = Set.of();

        Member(Properties props) {
            super(kafkaOnly(props));
            this.group = props.getProperty(ConsumerConfig.GROUP_ID_CONFIG, "");
            Object limit = props.get(MAX_IN_FLIGHT);
            this.checkpoints = new KafkaCheckpoints(
                    limit == null ? DEFAULT_MAX_IN_FLIGHT : Math.max(1, Integer.parseInt(limit.toString().trim())));
            live.add(this);
        }

        @Override
        public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
            joining(String.join(",", topics));
            super.subscribe(topics, new Tracking(listener));
        }

        @Override
        public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
            joining(pattern.pattern());
            super.subscribe(pattern, new Tracking(listener));
        }

        private void joining(String what) {
            subscription = what;
            assigned = false;
            partitions = 0;
        }

        @Override
        public ConsumerRecords<Object, Object> poll(Duration timeout) {
            POLLING.set(this);
            checkpoints.rewinds().forEach((tp, offset) -> {
                if (assignment().contains(tp)) {
                    LOG.warn("Reading {} again from offset {}: a record failed and nothing handled it", tp, offset);
                    seek(tp, offset);
                }
            });
            // One commit in flight at a time: while the coordinator is slow, what completes meanwhile goes into the
            // next commit instead of queueing a request per poll in the client.
            if (!committing) {
                Map<TopicPartition, OffsetAndMetadata> commit = checkpoints.committable();
                if (!commit.isEmpty()) {
                    committing = true;
                    // The callback runs inside a later poll (or commitSync) on this thread; a failed commit is
                    // offered again by the next.
                    try {
                        commitAsync(commit, (offsets, e) -> {
                            committing = false;
                            if (e != null) {
                                LOG.debug("Offset commit {} failed: {}; trying again", offsets, e.toString());
                                checkpoints.commitFailed(offsets);
                            }
                        });
                    } catch (KafkaException e) {
                        committing = false;
                        checkpoints.commitFailed(commit);
                        LOG.debug("Offset commit {} refused: {}; trying again", commit, e.toString());
                    }
                }
            }
            ConsumerRecords<Object, Object> records = super.poll(timeout);
            owned = assignment();
            for (TopicPartition tp : owned) {
                OptionalLong lag = currentLag(tp);
                if (lag.isPresent()) {
                    KafkaLag.update(group, tp, lag.getAsLong());
                }
            }
            return records;
        }

        /** Commits what the checkpoints allow now, waiting for the broker; a failure is logged, not thrown. */
        private void commitNow(Map<TopicPartition, OffsetAndMetadata> commit) {
            if (!commit.isEmpty()) {
                try {
                    commitSync(commit);
                } catch (KafkaException e) {
                    LOG.warn("Offset commit {} failed: {}; those records will be read again", commit, e.toString());
                }
            }
        }

        /** Lets the records in flight finish (up to {@link #DRAIN}) and commits them before the consumer closes. */
        private void drain() {
            live.remove(this);
            KafkaLag.forget(group, owned);
            try {
                if (checkpoints.inFlight() > 0 && !checkpoints.awaitIdle(DRAIN)) {
                    LOG.warn("{} records still in flight after {}: they will be read again", checkpoints.inFlight(),
                            DRAIN);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            commitNow(checkpoints.committable());
        }

        @Override
        public void close() {
            drain();
            super.close();
        }

        @Override
        @SuppressWarnings("deprecation")
        public void close(java.time.Duration timeout) {
            drain();
            super.close(timeout);
        }

        @Override
        public void close(org.apache.kafka.clients.consumer.CloseOptions options) {
            drain();
            super.close(options);
        }

        /** Wraps Camel's rebalance listener: its commit-on-revoke behaviour stays as it is. */
        private final class Tracking implements ConsumerRebalanceListener {
            private final ConsumerRebalanceListener delegate;

            Tracking(ConsumerRebalanceListener delegate) {
                this.delegate = delegate;
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                // What completed is committed while these are still ours; what is still in flight will be read
                // again by the next owner.
                commitNow(checkpoints.committable(revoked));
                checkpoints.forget(revoked);
                KafkaLag.forget(group, revoked);
                delegate.onPartitionsRevoked(revoked);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> added) {
                delegate.onPartitionsAssigned(added);
                partitions = assignment().size();
                assigned = true;
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> lost) {
                checkpoints.forget(lost);
                KafkaLag.forget(group, lost);
                delegate.onPartitionsLost(lost);
                partitions = 0;
                assigned = false;
            }
        }
    }
}
