package io.junction.connectors.kafka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.arc.Unremovable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The executor of kafka-source's hand-off ({@link KafkaPipeline}): one lane, a single thread, per consumer thread
 * that submits. Each consumer's records enter the route in the order it read them (so per-partition order holds, a
 * partition belonging to one consumer), and a route with several consumers ({@code consumersCount}) runs as many
 * lanes side by side instead of funnelling them all through one thread. A lane's thread ends after a minute idle;
 * the lane of a consumer that is gone is dropped with it.
 */
@ApplicationScoped
@Unremovable
@Named(ConsumerLanes.NAME)
public class ConsumerLanes extends AbstractExecutorService {

    /** The name the kafka-source connector's wire tap refers to. */
    public static final String NAME = "junctionKafkaLanes";

    private final Map<Thread, ThreadPoolExecutor> lanes = Collections.synchronizedMap(new WeakHashMap<>());
    private final AtomicInteger created = new AtomicInteger();
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("the gateway is stopping");
        }
        lanes.computeIfAbsent(Thread.currentThread(), consumer -> lane()).execute(task);
    }

    private ThreadPoolExecutor lane() {
        // Unbounded: a consumer queues at most what its checkpoints let it have in flight (maxInFlight).
        ThreadPoolExecutor lane = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "junction-kafka-lane-" + created.incrementAndGet());
                    t.setDaemon(false);
                    return t;
                });
        lane.allowCoreThreadTimeOut(true);
        return lane;
    }

    /** How many lanes exist (for tests). */
    int lanes() {
        return lanes.size();
    }

    @Override
    @PreDestroy
    public void shutdown() {
        shutdown = true;
        snapshot().forEach(ThreadPoolExecutor::shutdown);
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> pending = new ArrayList<>();
        snapshot().forEach(lane -> pending.addAll(lane.shutdownNow()));
        return pending;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && snapshot().stream().allMatch(ThreadPoolExecutor::isTerminated);
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (ThreadPoolExecutor lane : snapshot()) {
            if (!lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    private List<ThreadPoolExecutor> snapshot() {
        synchronized (lanes) {
            return new ArrayList<>(lanes.values());
        }
    }
}
