package io.junction.connectors.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps track of which Kafka consumers are members of their group with partitions assigned, so that readiness can
 * wait for the assignment instead of reporting ready while the partitions still belong to nobody, and reports their
 * lag: kafka-source's own consumers register here ({@link KafkaSourceConsumer}), and Camel's (raw kafka: routes,
 * kafka-batch-source) are created here (camel.component.kafka.kafka-client-factory).
 */
@ApplicationScoped
@Unremovable
@Named("junctionKafkaClients")
public class KafkaGroupMembers extends DefaultKafkaClientFactory {

    /** What readiness reports of one consumer: its group, what it subscribed to and what it holds. */
    public record Membership(String group, String subscription, boolean assigned, int partitions) {
    }

    /** A consumer in a group: Camel's (made here) or kafka-source's own ({@link KafkaSourceConsumer}). */
    interface GroupMember {
        String group();

        String subscribedTo();

        boolean assigned();

        int partitions();
    }

    private final Set<GroupMember> live = ConcurrentHashMap.newKeySet();

    @Override
    public Consumer getConsumer(Properties props) {
        return new Member(props);
    }

    /** The consumers that are open now. */
    public List<Membership> memberships() {
        List<Membership> out = new ArrayList<>();
        for (GroupMember m : live) {
            out.add(new Membership(m.group(), m.subscribedTo(), m.assigned(), m.partitions()));
        }
        return out;
    }

    void register(GroupMember member) {
        live.add(member);
    }

    void unregister(GroupMember member) {
        live.remove(member);
    }

    /**
     * A plain KafkaConsumer that registers itself while open and records its assignment. Camel's consumer thread is
     * the only caller, so the listener callbacks run on it; the fields are volatile for readiness probes.
     */
    final class Member extends KafkaConsumer<Object, Object> implements GroupMember {

        final String group;
        volatile String subscription = "";
        volatile boolean assigned;
        volatile int partitions;
        /** The partitions of the last poll, whose lag is reported ({@link KafkaLag}). */
        private volatile Set<TopicPartition> owned = Set.of();

        Member(Properties props) {
            super(props);
            this.group = props.getProperty(ConsumerConfig.GROUP_ID_CONFIG, "");
            live.add(this);
        }

        @Override
        public String group() {
            return group;
        }

        @Override
        public String subscribedTo() {
            return subscription;
        }

        @Override
        public boolean assigned() {
            return assigned;
        }

        @Override
        public int partitions() {
            return partitions;
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

        private void leave() {
            live.remove(this);
            KafkaLag.forget(group, owned);
        }

        @Override
        public void close() {
            leave();
            super.close();
        }

        @Override
        @SuppressWarnings("deprecation")
        public void close(java.time.Duration timeout) {
            leave();
            super.close(timeout);
        }

        @Override
        public void close(org.apache.kafka.clients.consumer.CloseOptions options) {
            leave();
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
                KafkaLag.forget(group, lost);
                delegate.onPartitionsLost(lost);
                partitions = 0;
                assigned = false;
            }
        }
    }
}
