package io.junction.deadletter;

/**
 * A message larger than its source takes whole: the source read it as a stream and kept its first bytes, its size and
 * its hash. Fatal, and its dead letter carries what the source kept, marked truncated, with the size and hash of the
 * whole.
 */
public final class OversizeMessage extends RuntimeException {

    private final long size;
    private final String sha256;

    /**
     * @param size the whole message's size in bytes
     * @param sha256 the whole message's SHA-256, hex
     * @param limit the setting and value it exceeded, e.g. {@code junction.rabbitmq.max-message-size (16M)}
     */
    public OversizeMessage(long size, String sha256, String limit) {
        super("a message of " + size + " bytes is larger than " + limit + "; it was read as a stream, not held, and "
                + "only its first bytes are kept. Raise the setting (and the heap with it) to take such messages",
                null, false, false);
        this.size = size;
        this.sha256 = sha256;
    }

    public long size() {
        return size;
    }

    public String sha256() {
        return sha256;
    }
}
