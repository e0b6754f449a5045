package io.junction.deadletter;

/**
 * The envelope a dead letter carries, as message headers (documented in docs/dead-letters.md). The payload and the
 * key are the original ones, unchanged.
 */
public final class DeadLetterHeaders {

    public static final String PREFIX = "junction.dlq.";
    /** Stable id: the same failed event (same route, same source position) always gets the same id. */
    public static final String ID = PREFIX + "id";
    public static final String ROUTE = PREFIX + "route";
    public static final String SOURCE = PREFIX + "source";
    public static final String SOURCE_TOPIC = PREFIX + "source.topic";
    public static final String SOURCE_PARTITION = PREFIX + "source.partition";
    public static final String SOURCE_OFFSET = PREFIX + "source.offset";
    public static final String SOURCE_MESSAGE_ID = PREFIX + "source.message-id";
    public static final String SOURCE_FILE = PREFIX + "source.file";
    public static final String EXCEPTION_CLASS = PREFIX + "exception.class";
    public static final String EXCEPTION_MESSAGE = PREFIX + "exception.message";
    /** retryable (attempts exhausted) or fatal (not worth retrying). */
    public static final String CLASSIFICATION = PREFIX + "classification";
    public static final String ATTEMPTS = PREFIX + "attempts";
    public static final String FIRST_FAILURE = PREFIX + "first-failure";
    public static final String LAST_FAILURE = PREFIX + "last-failure";
    public static final String INSTANCE = PREFIX + "instance";
    /** The event's trace (from its traceparent), to find every hop it took before it failed. */
    public static final String TRACE_ID = PREFIX + "trace-id";
    /**
     * Set when the whole letter was too large for the dead-letter destination: the payload holds only its first
     * bytes, and these say how large it was and its SHA-256, to find it at its source.
     */
    public static final String PAYLOAD_TRUNCATED = PREFIX + "payload.truncated";
    public static final String PAYLOAD_SIZE = PREFIX + "payload.size";
    public static final String PAYLOAD_SHA256 = PREFIX + "payload.sha256";
    /**
     * Set beside {@link #PAYLOAD_TRUNCATED} when the key or headers were cut too: the names (the key as
     * {@code kafka.KEY}) whose values were longer than the kept bytes, comma-separated.
     */
    public static final String TRUNCATED_HEADERS = PREFIX + "truncated.headers";
    /**
     * Set beside {@link #PAYLOAD_TRUNCATED} when original headers were dropped whole: how many. A header is dropped
     * when its name is longer than the kept bytes, or when the headers kept so far fill the letter's header budget.
     */
    public static final String DROPPED_HEADERS = PREFIX + "dropped.headers";
    /** Set when the route masks its events and the original could not be masked: the letter has no payload. */
    public static final String PAYLOAD_WITHHELD = PREFIX + "payload.withheld";
    /** How many times this event was replayed from a dead-letter destination before this failure. */
    public static final String REPLAY_COUNT = "junction.replay.count";
    /** The dead-letter id a replayed event came from. */
    public static final String REPLAY_OF = "junction.replay.of";

    /** Exchange property: the event went to a dead-letter destination instead of its sink. */
    public static final String DEAD_LETTERED = "junction.dead-lettered";

    private DeadLetterHeaders() {
    }
}
