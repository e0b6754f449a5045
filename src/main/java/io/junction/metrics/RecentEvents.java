package io.junction.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * The last events the gateway finished with, in a fixed ring (no event is held, only what was done with it), so the
 * dashboard can answer "where did this event go" by trace id or source position without a trace backend: each route
 * an event passed through left one entry. Writers never wait: the newest entry overwrites the oldest.
 */
public final class RecentEvents {

    /** One route's part in one event. */
    public record Entry(long at, String route, String outcome, long durationMillis, String source, String traceId) {
    }

    static final int CAPACITY = 4096;
    private static final AtomicReferenceArray<Entry> RING = new AtomicReferenceArray<>(CAPACITY);
    private static final AtomicLong NEXT = new AtomicLong();

    private RecentEvents() {
    }

    public static void record(Entry entry) {
        RING.set((int) (NEXT.getAndIncrement() % CAPACITY), entry);
    }

    /** Matching entries, oldest first (an event's hops in the order they finished), at most {@code limit}. */
    public static List<Entry> find(Predicate<Entry> match, int limit) {
        long end = NEXT.get();
        List<Entry> out = new ArrayList<>();
        for (long i = Math.max(0, end - CAPACITY); i < end; i++) {
            Entry e = RING.get((int) (i % CAPACITY));
            if (e != null && match.test(e)) {
                out.add(e);
            }
        }
        return out.size() <= limit ? out : out.subList(out.size() - limit, out.size());
    }
}
