package io.junction.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KafkaCheckpointsTest {

    static final TopicPartition P0 = new TopicPartition("t", 0);
    static final TopicPartition P1 = new TopicPartition("t", 1);

    final KafkaCheckpoints checkpoints = new KafkaCheckpoints(100);

    List<KafkaCheckpoints.Ticket> begin(TopicPartition tp, long from, long to) throws InterruptedException {
        List<KafkaCheckpoints.Ticket> out = new ArrayList<>();
        for (long o = from; o <= to; o++) {
            out.add(checkpoints.begin(tp, checkpoints.round(tp), o));
        }
        return out;
    }

    @Test
    void theCommitPointStopsAtTheFirstRecordStillInFlight() throws Exception {
        List<KafkaCheckpoints.Ticket> t = begin(P0, 10, 14);
        t.get(1).done();
        t.get(3).done();
        assertThat(checkpoints.committable()).as("10 is still in flight").isEmpty();

        t.get(0).done();
        assertThat(checkpoints.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(12)));
        assertThat(checkpoints.committable()).as("taken once").isEmpty();

        t.get(2).done();
        t.get(4).done();
        assertThat(checkpoints.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(15)));
        assertThat(checkpoints.inFlight()).isZero();
    }

    @Test
    void partitionsMoveOnTheirOwn() throws Exception {
        List<KafkaCheckpoints.Ticket> a = begin(P0, 0, 1);
        List<KafkaCheckpoints.Ticket> b = begin(P1, 7, 8);
        b.get(0).done();
        b.get(1).done();
        assertThat(checkpoints.committable()).containsExactly(Map.entry(P1, new OffsetAndMetadata(9)));
        a.get(1).done();
        assertThat(checkpoints.committable()).isEmpty();
    }

    @Test
    void committingTheRevokedPartitionsLeavesTheOthersForTheNextCommit() throws Exception {
        begin(P0, 0, 0).get(0).done();
        begin(P1, 5, 5).get(0).done();
        assertThat(checkpoints.committable(List.of(P0))).containsExactly(Map.entry(P0, new OffsetAndMetadata(1)));
        assertThat(checkpoints.committable()).containsExactly(Map.entry(P1, new OffsetAndMetadata(6)));
    }

    @Test
    void aFailureHoldsTheCommitAndRewindsToTheEarliestFailedRecord() throws Exception {
        List<KafkaCheckpoints.Ticket> t = begin(P0, 0, 5);
        t.get(0).done();
        t.get(3).failed();
        t.get(2).failed();
        t.get(4).done();
        t.get(5).done();
        t.get(1).done();
        assertThat(checkpoints.committable()).as("never past the failed record 2")
                .containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));

        assertThat(checkpoints.rewinds()).containsExactly(Map.entry(P0, 2L));
        assertThat(checkpoints.rewinds()).as("taken once").isEmpty();

        // Read again from 2: the new round commits on its own, whatever the old one still reports.
        List<KafkaCheckpoints.Ticket> again = begin(P0, 2, 3);
        again.get(0).done();
        again.get(1).done();
        assertThat(checkpoints.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(4)));
    }

    @Test
    void aRewindReadsAgainFromAnEarlierRecordStillInFlightToo() throws Exception {
        List<KafkaCheckpoints.Ticket> t = begin(P0, 0, 3);
        t.get(2).failed();
        t.get(3).done();
        assertThat(checkpoints.rewinds()).as("0 and 1 are still in flight: the new round will not hear how they end")
                .containsExactly(Map.entry(P0, 0L));
        t.get(0).failed();
        t.get(1).done();
        assertThat(checkpoints.rewinds()).as("what the old round reports changes nothing").isEmpty();
        assertThat(checkpoints.committable()).isEmpty();
    }

    @Test
    void aRecordReadBeforeItsPartitionWasRewoundIsNotBegun() throws Exception {
        int before = checkpoints.round(P0);
        List<KafkaCheckpoints.Ticket> t = begin(P0, 0, 1);
        t.get(0).failed();
        t.get(1).done();
        assertThat(checkpoints.rewinds()).containsExactly(Map.entry(P0, 0L));

        // Records 2 and 3 were read with 0 and 1 and still wait in the lane: begun now, they would complete before 0
        // is read again and commit past it.
        assertThat(checkpoints.begin(P0, before, 2)).isNull();
        assertThat(checkpoints.begin(P0, before, 3)).isNull();
        assertThat(checkpoints.inFlight()).isZero();

        List<KafkaCheckpoints.Ticket> again = begin(P0, 0, 0);
        again.get(0).done();
        assertThat(checkpoints.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(1)));
    }

    @Test
    void aRecordReadBeforeItsPartitionWasRevokedIsNotBegunWhenItComesBack() throws Exception {
        int before = checkpoints.round(P0);
        checkpoints.forget(List.of(P0));
        assertThat(checkpoints.round(P0)).as("assigned again").isNotEqualTo(before);
        assertThat(checkpoints.begin(P0, before, 7)).isNull();
        assertThat(checkpoints.committable()).isEmpty();
    }

    @Test
    void aFailedCommitIsOfferedAgainWithoutNewCompletions() throws Exception {
        begin(P0, 0, 1).forEach(KafkaCheckpoints.Ticket::done);
        Map<TopicPartition, OffsetAndMetadata> first = checkpoints.committable();
        assertThat(first).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
        assertThat(checkpoints.committable()).as("taken once").isEmpty();
        checkpoints.commitFailed(first);
        assertThat(checkpoints.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
        checkpoints.forget(List.of(P0));
        checkpoints.commitFailed(first);
        assertThat(checkpoints.committable()).as("no longer ours").isEmpty();
    }

    @Test
    void whatCompletesOfARevokedPartitionChangesNothingAndFinishingTwiceCountsOnce() throws Exception {
        List<KafkaCheckpoints.Ticket> t = begin(P0, 0, 1);
        t.get(0).done();
        assertThat(checkpoints.committable(List.of(P0))).containsExactly(Map.entry(P0, new OffsetAndMetadata(1)));
        checkpoints.forget(List.of(P0));
        t.get(1).done();
        t.get(1).failed();
        t.get(0).done();
        assertThat(checkpoints.committable()).isEmpty();
        assertThat(checkpoints.rewinds()).isEmpty();
        assertThat(checkpoints.inFlight()).isZero();
    }

    @Test
    void theConsumerWaitsWhileTheLimitIsInFlightAndAClosingOneForWhatIsLeft() throws Exception {
        KafkaCheckpoints small = new KafkaCheckpoints(2);
        KafkaCheckpoints.Ticket first = small.begin(P0, small.round(P0), 0);
        small.begin(P0, small.round(P0), 1).done();
        small.begin(P0, small.round(P0), 2);
        CompletableFuture<KafkaCheckpoints.Ticket> third = CompletableFuture.supplyAsync(() -> {
            try {
                return small.begin(P0, small.round(P0), 3);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(small.awaitIdle(Duration.ofMillis(50))).isFalse();
        assertThat(third).as("two are in flight").isNotDone();
        first.done();
        KafkaCheckpoints.Ticket fourth = third.get(10, TimeUnit.SECONDS);
        assertThat(small.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
        fourth.done();
        assertThat(small.inFlight()).isEqualTo(1);
    }
}
