package io.junction.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.junction.headers.HeaderPolicy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultConsumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kafka-source's consumer: per consumer thread, Kafka's client polling as a member of the group, and one lane thread
 * that starts each record's exchange, in the order read, without waiting for the one before it to finish. The
 * consumer owns its offsets: a partition is committed as far as every record before the commit point finished
 * (delivered, dead-lettered or filtered: {@link KafkaCheckpoints}), by the poll thread, before each poll, when
 * partitions are revoked and when it stops. At {@code maxInFlight} records in the route the lane waits for one to
 * finish; when two polls' worth of records wait for the lane, the consumer pauses its partitions and keeps polling
 * (so it stays in its group) until the lane has room again. A record that fails without being
 * handled makes its partition read again from it. At-least-once; what was in flight when the gateway died, or when
 * its partitions moved, is read again.
 */
final class KafkaSourceConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceConsumer.class);
    /** How long a stopping consumer waits for its records in flight: Camel's shutdown timeout. */
    static final Duration DRAIN = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaSourceEndpoint endpoint;
    private final List<Member> members = new ArrayList<>();
    private HeaderPolicy policy;
    private KafkaGroupMembers registry;
    private ExecutorService threads;

    KafkaSourceConsumer(KafkaSourceEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        var reg = getEndpoint().getCamelContext().getRegistry();
        HeaderPolicy configured = reg.findSingleByType(HeaderPolicy.class);
        policy = configured != null ? configured : HeaderPolicy.defaults();
        registry = reg.findSingleByType(KafkaGroupMembers.class);
        int n = endpoint.getConsumersCount();
        // A poll thread per consumer; each has a lane thread of its own besides.
        threads = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "junction-kafka[" + endpoint.getTopic() + "]", n);
        for (int i = 0; i < n; i++) {
            Member m = new Member(endpoint.clientProperties());
            members.add(m);
            if (registry != null) {
                registry.register(m);
            }
            threads.submit(m::poll);
        }
        LOG.info("Consuming {} as {} ({} consumer(s), up to {} records in flight each)", endpoint.getTopic(),
                endpoint.getGroupId(), n, endpoint.getMaxInFlight());
    }

    @Override
    protected void doStop() throws Exception {
        members.forEach(Member::stop);
        for (Member m : members) {
            m.awaitClosed();
            if (registry != null) {
                registry.unregister(m);
            }
        }
        members.clear();
        if (threads != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(threads);
            threads = null;
        }
        super.doStop();
    }

    /** One member of the group: its client (touched by its poll thread only), checkpoints and lane. */
    private final class Member implements KafkaGroupMembers.GroupMember {
        private final KafkaConsumer<String, byte[]> client;
        private final KafkaCheckpoints checkpoints;
        private final ExecutorService lane;
        /** Records handed to the lane and not yet begun: what the pause decision counts. */
        private final AtomicInteger queued = new AtomicInteger();
        /** Above this many queued records the partitions are paused: two polls, so the lane never runs dry. */
        private final int backlog = 2 * Math.max(1, endpoint.getMaxPollRecords());
        /** Signalled when the queue falls below {@link #backlog}, so a paused consumer resumes at once. */
        private final Object room = new Object();
        private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        private volatile boolean running = true;
        private volatile boolean assigned;
        private volatile int partitions;
        private volatile Set<TopicPartition> owned = Set.of();
        private boolean committing;
        private boolean paused;

        Member(java.util.Properties props) {
            this.client = new KafkaConsumer<>(props);
            this.checkpoints = new KafkaCheckpoints(endpoint.getMaxInFlight());
            this.lane = getEndpoint().getCamelContext().getExecutorServiceManager()
                    .newSingleThreadExecutor(KafkaSourceConsumer.this, "junction-kafka-lane");
        }

        @Override
        public String group() {
            return endpoint.getGroupId();
        }

        @Override
        public String subscribedTo() {
            return endpoint.getTopic();
        }

        @Override
        public boolean assigned() {
            return assigned;
        }

        @Override
        public int partitions() {
            return partitions;
        }

        void stop() {
            running = false;
            client.wakeup();
        }

        void awaitClosed() throws InterruptedException {
            if (!closed.await(DRAIN.toSeconds() + 15, TimeUnit.SECONDS)) {
                LOG.warn("Kafka consumer of {} did not close in time", endpoint.getTopic());
            }
        }

        /** The poll loop, on this member's poll thread. */
        void poll() {
            try {
                client.subscribe(endpoint.topics(), new Rebalance());
                while (running) {
                    checkpoints.rewinds().forEach((tp, offset) -> {
                        if (client.assignment().contains(tp)) {
                            LOG.warn("Reading {} again from offset {}: a record failed and nothing handled it", tp,
                                    offset);
                            client.seek(tp, offset);
                        }
                    });
                    commitAsync();
                    flowControl();
                    if (paused) {
                        // Paused, a poll returns no records however long it waits: wait for the lane instead.
                        awaitRoom();
                        flowControl();
                    }
                    ConsumerRecords<String, byte[]> records;
                    try {
                        records = client.poll(paused ? Duration.ZERO : POLL); // still paused: for the group's sake
                    } catch (WakeupException e) {
                        break;
                    }
                    reportLag();
                    if (!records.isEmpty()) {
                        hand(records);
                    }
                }
            } catch (KafkaException e) {
                if (running) {
                    getExceptionHandler().handleException("Kafka consumer of " + endpoint.getTopic() + " failed", e);
                }
            } catch (RuntimeException e) {
                getExceptionHandler().handleException("Kafka consumer of " + endpoint.getTopic() + " failed", e);
            } finally {
                drainAndClose();
            }
        }

        /** Pauses every partition while the lane's queue is full, resumes below it. */
        private void flowControl() {
            boolean full = queued.get() >= backlog;
            if (full && !paused) {
                client.pause(client.assignment());
                paused = true;
            } else if (!full && paused) {
                client.resume(client.paused());
                paused = false;
            }
        }

        /** One asynchronous commit at a time: what completes meanwhile goes into the next. */
        private void commitAsync() {
            if (committing) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> commit = checkpoints.committable();
            if (commit.isEmpty()) {
                return;
            }
            committing = true;
            try {
                client.commitAsync(commit, (offsets, e) -> {
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

        private void commitNow(Map<TopicPartition, OffsetAndMetadata> commit) {
            if (!commit.isEmpty()) {
                try {
                    client.commitSync(commit);
                } catch (KafkaException e) {
                    LOG.warn("Offset commit {} failed: {}; those records will be read again", commit, e.toString());
                }
            }
        }

        private void reportLag() {
            Set<TopicPartition> now = client.assignment();
            owned = now;
            for (TopicPartition tp : now) {
                OptionalLong lag = client.currentLag(tp);
                if (lag.isPresent()) {
                    KafkaLag.update(endpoint.getGroupId(), tp, lag.getAsLong());
                }
            }
        }

        /** Waits, up to one poll's time, until the lane's queue has room. */
        private void awaitRoom() {
            long until = System.nanoTime() + POLL.toNanos();
            synchronized (room) {
                long left;
                while (running && queued.get() >= backlog && (left = until - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(room, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        /**
         * Gives a poll's records to the lane in one hand-off, with the rounds of their partitions they were read in:
         * a record whose partition was rewound or revoked since is not started.
         */
        private void hand(ConsumerRecords<String, byte[]> records) {
            Map<TopicPartition, Integer> seen = new java.util.HashMap<>();
            for (TopicPartition tp : records.partitions()) {
                seen.put(tp, checkpoints.round(tp));
            }
            queued.addAndGet(records.count());
            lane.execute(() -> {
                for (ConsumerRecord<String, byte[]> r : records) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (queued.decrementAndGet() == backlog - 1) {
                        synchronized (room) {
                            room.notifyAll();
                        }
                    }
                    if (!running) {
                        continue;
                    }
                    start(tp, seen.get(tp), r);
                }
            });
        }

        /** Starts one record's exchange; the route runs on asynchronously where its steps allow. */
        private void start(TopicPartition tp, int round, ConsumerRecord<String, byte[]> r) {
            KafkaCheckpoints.Ticket ticket;
            try {
                ticket = checkpoints.begin(tp, round, r.offset());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (ticket == null) {
                return; // rewound or revoked since it was read: read again, here or by its next owner
            }
            Exchange exchange = createExchange(false);
            Message m = exchange.getIn();
            m.setBody(r.value());
            if (r.key() != null) {
                m.setHeader(KafkaConstants.KEY, r.key());
            }
            m.setHeader(KafkaConstants.TOPIC, r.topic());
            m.setHeader(KafkaConstants.PARTITION, r.partition());
            m.setHeader(KafkaConstants.OFFSET, r.offset());
            m.setHeader(KafkaConstants.TIMESTAMP, r.timestamp());
            for (Header h : r.headers()) {
                if (policy.allowsInbound(h.key())) {
                    m.setHeader(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
                }
            }
            try {
                getAsyncProcessor().process(exchange, doneSync -> {
                    try {
                        if (exchange.getException() != null) {
                            ticket.failed();
                        } else {
                            ticket.done();
                        }
                    } finally {
                        releaseExchange(exchange, false);
                    }
                });
            } catch (RuntimeException e) {
                ticket.failed();
                getExceptionHandler().handleException("record " + tp + "@" + r.offset() + " could not start", e);
            }
        }

        /** Lets the records in flight finish (up to {@link #DRAIN}), commits them, leaves the group. */
        private void drainAndClose() {
            try {
                lane.shutdown();
                if (checkpoints.inFlight() > 0 && !checkpoints.awaitIdle(DRAIN)) {
                    LOG.warn("{} records of {} still in flight after {}: they will be read again",
                            checkpoints.inFlight(), endpoint.getTopic(), DRAIN);
                }
                commitNow(checkpoints.committable());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("Closing the Kafka consumer of {}: {}", endpoint.getTopic(), e.toString());
            } finally {
                KafkaLag.forget(endpoint.getGroupId(), owned);
                lane.shutdownNow();
                try {
                    client.close(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    LOG.debug("Closing the Kafka client: {}", e.toString());
                }
                closed.countDown();
            }
        }

        /** On the poll thread, inside poll(): what completed is committed while the partitions are still ours. */
        private final class Rebalance implements ConsumerRebalanceListener {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                commitNow(checkpoints.committable(revoked));
                gone(revoked);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> added) {
                partitions = client.assignment().size();
                assigned = true;
                if (paused) {
                    client.pause(added); // the flow control holds for these too until records finish
                }
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> lost) {
                gone(lost);
                partitions = 0;
                assigned = false;
            }

            private void gone(Collection<TopicPartition> tps) {
                checkpoints.forget(tps);
                KafkaLag.forget(endpoint.getGroupId(), new HashSet<>(tps));
            }
        }
    }
}
