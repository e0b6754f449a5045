package io.junction.history;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Where a replay sends each event: a Kafka topic ({@link TopicTarget}) or a running route ({@link RouteTarget}). */
public interface ReplayTarget extends AutoCloseable {

    /**
     * Sends one event; the stage completes once the next hop confirmed it (the broker acknowledged, or the route
     * finished) and fails with the reason it was not delivered.
     *
     * @param replay the {@code junction.replay.*} headers to add to the event's own
     */
    CompletableFuture<Void> send(HistoryEvent event, Map<String, String> replay);

    /** How many sends may be unconfirmed at once (1: one after the other). */
    int inFlight();

    /** How the target is named in progress reports, e.g. {@code topic orders.fixed}. */
    String describe();

    @Override
    default void close() {
    }
}
