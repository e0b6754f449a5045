package io.junction.history;

/** The headers every replayed event carries, beside its own (documented in docs/history.md). */
public final class ReplayHeaders {

    /** The replay that sent it (a job id: what the admin API and the dashboard show). */
    public static final String JOB = "junction.replay.job";
    /** Where it was read: {@code topic/partition@offset}, or {@code archive:FILE:LINE}. */
    public static final String OF = "junction.replay.of";
    /** The window asked for, {@code FROM/TO} as ISO-8601 instants. */
    public static final String WINDOW = "junction.replay.window";
    /** The event's original time (epoch milliseconds), also kept as the record timestamp. */
    public static final String TIMESTAMP = "junction.replay.timestamp";

    private ReplayHeaders() {
    }
}
