package io.junction.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ConsumerLanesTest {

    @Test
    void eachSubmittingThreadGetsItsOwnLaneWhichKeepsItsOrder() throws Exception {
        ConsumerLanes lanes = new ConsumerLanes();
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, String> laneOf = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(2 * 500);
        List<Thread> consumers = IntStream.range(0, 2).mapToObj(c -> new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                int n = i;
                lanes.execute(() -> {
                    String consumer = "c" + c;
                    seen.computeIfAbsent(consumer, k -> new CopyOnWriteArrayList<>()).add(n);
                    laneOf.merge(consumer, Thread.currentThread().getName(), (a, b) -> a.equals(b) ? a : "several");
                    done.countDown();
                });
            }
        }, "consumer-" + c)).toList();
        consumers.forEach(Thread::start);
        for (Thread t : consumers) {
            t.join();
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(lanes.lanes()).isEqualTo(2);
        assertThat(laneOf.values()).doesNotContain("several").doesNotHaveDuplicates();
        List<Integer> inOrder = IntStream.range(0, 500).boxed().toList();
        assertThat(seen.get("c0")).isEqualTo(inOrder);
        assertThat(seen.get("c1")).isEqualTo(inOrder);

        lanes.shutdown();
        assertThat(lanes.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lanes.isTerminated()).isTrue();
        assertThatThrownBy(() -> lanes.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }
}
