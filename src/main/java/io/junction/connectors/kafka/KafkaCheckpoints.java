package io.junction.connectors.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records one Kafka consumer has in flight, per partition, and how far each partition may be committed: up to
 * the record before which every record completed (delivered, dead-lettered or filtered), however many completed after
 * it. A record that failed without being handled asks for its partition to be read again from it, or from an
 * earlier record still in flight; until then the partition's commit cannot pass it. Each reading of a partition is a
 * round ({@link #round}): a record read in an earlier round (before the rewind, or before the partition moved away
 * and back) is never begun, or it would commit past records the new round has not handled yet. Records are begun on
 * the consumer's lane, in offset order per partition, and finish on any thread.
 */
final class KafkaCheckpoints {

    private final int maxInFlight;
    private final Semaphore permits;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    /** Rounds are numbered across partitions, so a partition that left and came back never reuses one. */
    private final AtomicInteger rounds = new AtomicInteger();

    KafkaCheckpoints(int maxInFlight) {
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
    }

    /** The partition's current round: asked on the poll thread for the records a poll just returned. */
    int round(TopicPartition tp) {
        Partition p = partitions.computeIfAbsent(tp, k -> new Partition(rounds.incrementAndGet()));
        synchronized (p) {
            return p.round;
        }
    }

    /**
     * Registers a record read in {@code round} as in flight, or answers null when its partition has started a new
     * round since (the record will be read again, or belongs to another consumer now). Waits while
     * {@code maxInFlight} records are in flight, so that a slow route holds the consumer back instead of buffering
     * the topic.
     */
    Ticket begin(TopicPartition tp, int round, long offset) throws InterruptedException {
        permits.acquire();
        Partition p = partitions.get(tp);
        if (p != null) {
            synchronized (p) {
                if (p.round == round) {
                    Ticket t = new Ticket(p, round, offset);
                    p.inFlight.addLast(t);
                    return t;
                }
            }
        }
        permits.release();
        return null;
    }

    /** For each partition whose commit point moved since the last call: the offset to commit (the next to read). */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        return committable(partitions.keySet());
    }

    /** The same, for these partitions only (those being revoked); the others keep theirs for the next call. */
    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : only) {
            Partition p = partitions.get(tp);
            if (p != null) {
                synchronized (p) {
                    if (p.advanced) {
                        p.advanced = false;
                        out.put(tp, new OffsetAndMetadata(p.next));
                    }
                }
            }
        }
        return out;
    }

    /**
     * A commit of these offsets failed: each partition still held and not committed past that point is offered again
     * by the next {@link #committable()}, even if nothing completes in between (an idle partition would otherwise keep
     * its old committed offset, and a restart would read those records again).
     */
    void commitFailed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, failed) -> {
            Partition p = partitions.get(tp);
            if (p != null) {
                synchronized (p) {
                    if (p.next >= failed.offset()) {
                        p.advanced = true;
                    }
                }
            }
        });
    }

    /**
     * The partitions to read again, taken once: each from its earliest record not yet completed, which is its earliest
     * failed record or one before it still in flight (whose outcome the new round no longer hears of). Each starts a
     * new round: what is still in flight from before no longer moves its commit point.
     */
    Map<TopicPartition, Long> rewinds() {
        Map<TopicPartition, Long> out = new HashMap<>();
        partitions.forEach((tp, p) -> {
            synchronized (p) {
                if (p.rewindTo >= 0) {
                    // The failed ticket is still queued, so the head is it or an earlier one.
                    out.put(tp, p.inFlight.isEmpty() ? p.rewindTo : Math.min(p.rewindTo, p.inFlight.peekFirst().offset));
                    p.startOver(rounds.incrementAndGet());
                }
            }
        });
        return out;
    }

    /** Partitions this consumer no longer holds: what completes of them later changes nothing. */
    void forget(Collection<TopicPartition> gone) {
        for (TopicPartition tp : gone) {
            Partition p = partitions.remove(tp);
            if (p != null) {
                synchronized (p) {
                    p.startOver(rounds.incrementAndGet());
                }
            }
        }
    }

    /** Waits until nothing is in flight; false if that took longer than {@code timeout}. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        if (!permits.tryAcquire(maxInFlight, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        permits.release(maxInFlight);
        return true;
    }

    int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    private static final class Partition {
        final ArrayDeque<Ticket> inFlight = new ArrayDeque<>();
        int round;
        long next = -1;
        boolean advanced;
        long rewindTo = -1;

        Partition(int round) {
            this.round = round;
        }

        void startOver(int newRound) {
            round = newRound;
            inFlight.clear();
            rewindTo = -1;
        }
    }

    /** One record in flight. Exactly one of {@link #done()} and {@link #failed()} counts; later calls are ignored. */
    final class Ticket {
        private final Partition partition;
        private final int round;
        private final long offset;
        private final AtomicBoolean finished = new AtomicBoolean();
        private boolean done;

        private Ticket(Partition partition, int round, long offset) {
            this.partition = partition;
            this.round = round;
            this.offset = offset;
        }

        /** The record completed: delivered, dead-lettered or filtered. */
        void done() {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            Partition p = partition;
            synchronized (p) {
                if (p.round == round) {
                    done = true;
                    while (!p.inFlight.isEmpty() && p.inFlight.peekFirst().done) {
                        p.next = p.inFlight.pollFirst().offset + 1;
                        p.advanced = true;
                    }
                }
            }
            permits.release();
        }

        /** The record failed and nothing handled it: its partition is to be read again from here. */
        void failed() {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            Partition p = partition;
            synchronized (p) {
                if (p.round == round && (p.rewindTo < 0 || offset < p.rewindTo)) {
                    p.rewindTo = offset;
                }
            }
            permits.release();
        }
    }
}
