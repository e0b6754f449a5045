package io.junction.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * One replay of a time window: reads the {@link HistorySource}, keeps what the filter matches, paces it to the
 * rate and sends it to the {@link ReplayTarget}, counting as it goes. The CLI, the admin API and the dashboard all
 * show the same {@link Progress}.
 *
 * <p>The replay stops at the first event the target could not take (a broker or route down would refuse every
 * later one too) and says where, so it can be resumed from that event's time; an event the route dead-lettered
 * counts as such and the replay goes on, as the route's own policy decided.
 */
public final class StreamReplay {

    public enum State { RUNNING, DONE, FAILED, CANCELLED }

    /** A snapshot of where a replay is: counts, pace and what went wrong. */
    public record Progress(String id, State state, String from, String target, Instant windowFrom, Instant windowTo,
            String filter, boolean dryRun, long total, long scanned, long read, long matched, long replayed, long deadLettered,
            long failed, double perSecond, Duration eta, Instant started, Instant finished, String stoppedAt,
            List<String> errors) {

        /** JSON-friendly fields for the admin API. */
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("state", state.name().toLowerCase());
            m.put("from", from);
            m.put("into", target);
            m.put("window", Map.of("from", windowFrom.toString(), "to", windowTo.toString()));
            m.put("filter", filter);
            m.put("dryRun", dryRun);
            m.put("total", total);
            m.put("scanned", scanned);
            m.put("read", read);
            m.put("matched", matched);
            m.put("replayed", replayed);
            m.put("deadLettered", deadLettered);
            m.put("failed", failed);
            m.put("perSecond", Math.round(perSecond * 10) / 10.0);
            m.put("etaSeconds", eta == null ? null : eta.toSeconds());
            m.put("started", started.toString());
            m.put("finished", finished == null ? null : finished.toString());
            m.put("stoppedAt", stoppedAt);
            m.put("errors", errors);
            return m;
        }
    }

    private final String id = UUID.randomUUID().toString();
    private final HistorySource source;
    private final String sourceName;
    private final ReplayTarget target;
    private final Instant from;
    private final Instant to;
    private final JqFilter filter;
    private final UnaryOperator<byte[]> decrypt;
    private final double perSecond;
    private final boolean dryRun;
    private final Instant started = Instant.now();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean cancel = new AtomicBoolean();
    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    private final AtomicReference<String> stoppedAt = new AtomicReference<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private volatile Instant finished;

    /**
     * @param target null for a dry run (nothing is sent; matched counts what would be)
     * @param filter null to replay every event of the window
     * @param decrypt null, or what restores the payload's encrypted fields before the filter sees it
     * @param perSecond at most this many events a second (0: as fast as the target confirms)
     */
    public StreamReplay(HistorySource source, String sourceName, ReplayTarget target, Instant from, Instant to,
            JqFilter filter, UnaryOperator<byte[]> decrypt, double perSecond) {
        this.source = source;
        this.sourceName = sourceName;
        this.target = target;
        this.from = from;
        this.to = to;
        this.filter = filter;
        this.decrypt = decrypt;
        this.perSecond = perSecond;
        this.dryRun = target == null;
    }

    public String id() {
        return id;
    }

    public void cancel() {
        cancel.set(true);
    }

    /** Runs the replay to its end on the calling thread; returns the final progress. */
    public Progress run() {
        int window = dryRun ? 1 : target.inFlight();
        Semaphore slots = new Semaphore(window);
        long interval = perSecond > 0 ? (long) (1_000_000_000L / perSecond) : 0;
        long[] next = { System.nanoTime() };
        String windowText = from + "/" + to;
        try {
            source.read(original -> {
                if (cancel.get() || stoppedAt.get() != null) {
                    return false;
                }
                read.incrementAndGet();
                HistoryEvent event = original;
                if (decrypt != null) {
                    try {
                        event = new HistoryEvent(original.position(), original.key(), decrypt.apply(original.value()),
                                original.headers(), original.timestamp());
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        error(original.position() + ": " + e.getMessage());
                        stoppedAt.set(original.position() + " (event time " + Instant.ofEpochMilli(original.timestamp()) + ")");
                        return false;
                    }
                }
                HistoryEvent sent = event;
                if (filter != null && !filter.matches(event.value())) {
                    return true;
                }
                matched.incrementAndGet();
                if (dryRun) {
                    return true;
                }
                if (interval > 0) {
                    long wait = next[0] - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    next[0] = Math.max(next[0], System.nanoTime()) + interval;
                }
                slots.acquire();
                Map<String, String> replay = new LinkedHashMap<>();
                replay.put(ReplayHeaders.JOB, id);
                replay.put(ReplayHeaders.OF, sent.position());
                replay.put(ReplayHeaders.WINDOW, windowText);
                replay.put(ReplayHeaders.TIMESTAMP, Long.toString(event.timestamp()));
                target.send(sent, replay).whenComplete((ok, e) -> {
                    if (e == null) {
                        replayed.incrementAndGet();
                    } else if (unwrap(e) instanceof RouteTarget.DeadLettered) {
                        deadLettered.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        error(sent.position() + ": " + unwrap(e).getMessage());
                        stoppedAt.compareAndSet(null, sent.position() + " (event time "
                                + Instant.ofEpochMilli(sent.timestamp()) + ")");
                    }
                    slots.release();
                });
                return true;
            });
            if (!slots.tryAcquire(window, 5, TimeUnit.MINUTES)) {
                error("gave up waiting for " + (window - slots.availablePermits()) + " unconfirmed events");
                state.set(State.FAILED);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.set(true);
        } catch (Exception e) {
            error("reading " + sourceName + " failed: " + e.getMessage());
            state.set(State.FAILED);
        } finally {
            finished = Instant.now();
            source.close();
            if (target != null) {
                target.close();
            }
        }
        state.compareAndSet(State.RUNNING, stoppedAt.get() != null || failed.get() > 0 ? State.FAILED
                : cancel.get() ? State.CANCELLED : State.DONE);
        return progress();
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private void error(String message) {
        if (errors.size() < 20) {
            errors.add(io.junction.secrets.Secrets.mask(message));
        }
    }

    public Progress progress() {
        Instant end = finished != null ? finished : Instant.now();
        double seconds = Math.max(0.001, Duration.between(started, end).toNanos() / 1e9);
        long done = dryRun ? read.get() : replayed.get() + deadLettered.get();
        double rate = done / seconds;
        long total = source.total();
        long scanned = source.scanned();
        double scanRate = scanned / seconds;
        Duration eta = finished != null ? Duration.ZERO
                : scanRate <= 0 ? null : Duration.ofSeconds((long) (Math.max(0, total - scanned) / scanRate));
        return new Progress(id, state.get(), sourceName, dryRun ? "(dry run)" : target.describe(), from, to,
                filter == null ? null : filter.toString(), dryRun, total, scanned, read.get(), matched.get(), replayed.get(),
                deadLettered.get(), failed.get(), rate, eta, started, finished, stoppedAt.get(), List.copyOf(errors));
    }

    /** The window's extent (dry runs print it). */
    public List<String> describe() {
        return source.describe();
    }
}
