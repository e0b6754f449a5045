package io.junction.delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Creates the Kafka consumers of every route (camel.component.kafka.kafka-client-factory) and keeps track of which
 * of them are members of their group with partitions assigned, so that readiness can wait for the assignment
 * instead of reporting ready while the partitions still belong to nobody.
 */
@ApplicationScoped
@Unremovable
@Named("junctionKafkaClients")
public class KafkaGroupMembers extends DefaultKafkaClientFactory {

    /** What readiness reports of one consumer: its group, what it subscribed to and what it holds. */
    public record Membership(String group, String subscription, boolean assigned, int partitions) {
    }

    private final Set<Member> live = ConcurrentHashMap.newKeySet();

    @Override
    public Consumer getConsumer(Properties props) {
        return new Member(props);
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
        volatile String subscription = "";
        volatile boolean assigned;
        volatile int partitions;

        Member(Properties props) {
            super(props);
            this.group = props.getProperty(ConsumerConfig.GROUP_ID_CONFIG, "");
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
        public void close() {
            live.remove(this);
            super.close();
        }

        @Override
        @SuppressWarnings("deprecation")
        public void close(java.time.Duration timeout) {
            live.remove(this);
            super.close(timeout);
        }

        @Override
        public void close(org.apache.kafka.clients.consumer.CloseOptions options) {
            live.remove(this);
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
                delegate.onPartitionsLost(lost);
                partitions = 0;
                assigned = false;
            }
        }
    }
}
