package io.junction.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RecentEventsTest {

    @Test
    void anEventsHopsComeBackInOrderAndTheOldestGiveWayToTheNewest() {
        String trace = "feedfacefeedfacefeedfacefeedface";
        RecentEvents.record(new RecentEvents.Entry(1, "in", "delivered", 3, "-", trace));
        RecentEvents.record(new RecentEvents.Entry(2, "bridge", "delivered", 5, "orders-0@7", trace));
        RecentEvents.record(new RecentEvents.Entry(3, "out", "dead_lettered", 9, "m-1", trace));
        assertThat(RecentEvents.find(e -> trace.equals(e.traceId()), 10)).extracting(RecentEvents.Entry::route)
                .containsExactly("in", "bridge", "out");
        assertThat(RecentEvents.find(e -> trace.equals(e.traceId()), 2)).extracting(RecentEvents.Entry::route)
                .as("the limit keeps the newest").containsExactly("bridge", "out");
        assertThat(RecentEvents.find(e -> "orders-0@7".equals(e.source()), 10)).hasSize(1);

        for (int i = 0; i < RecentEvents.CAPACITY; i++) {
            RecentEvents.record(new RecentEvents.Entry(10 + i, "busy", "delivered", 1, "-", null));
        }
        assertThat(RecentEvents.find(e -> trace.equals(e.traceId()), 10)).as("overwritten by newer events").isEmpty();
        List<RecentEvents.Entry> busy = RecentEvents.find(e -> "busy".equals(e.route()), RecentEvents.CAPACITY);
        assertThat(busy).hasSize(RecentEvents.CAPACITY);
        assertThat(busy.get(0).at()).isLessThan(busy.get(busy.size() - 1).at());
    }
}
